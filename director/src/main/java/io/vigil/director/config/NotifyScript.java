package io.vigil.director.config;

/**
 * A script keepalived runs on an event ({@code notify_master "cmd args" [user [group]]}, keepalived.conf(5)
 * "VRRP instance(s)").
 *
 * @param command the command line as written, quotes removed
 * @param user    the user to run it as, or null for {@code script_user}
 * @param group    the group, or null
 * @param position where the script's keyword is
 */
public record NotifyScript(String command, String user, String group, SourcePosition position) {
}
