package io.vigil.director.config;

import java.time.Duration;

/**
 * A {@code vrrp_script} block (keepalived.conf(5) "VRRP script(s)"; defaults from vrrp_data.c
 * {@code alloc_vrrp_script}).
 *
 * @param name     the script's name
 * @param script   the command line
 * @param interval how often it runs, whole seconds 1..4294 in keepalived 2.2.7, default 1 s
 * @param timeout  how long it may run, default the interval
 * @param weight   -253..253, default 0 (a failure means FAULT)
 * @param reverse  whether the weight is reversed
 * @param rise     successes needed to be OK, default 1
 * @param fall     failures needed to be failed, default 1
 * @param user     the user to run as, or null
 * @param group    the group, or null
 * @param initFail whether it starts failed
 * @param position where the block starts
 */
public record VrrpScript(String name, String script, Duration interval, Duration timeout, int weight, boolean reverse,
        int rise, int fall, String user, String group, boolean initFail, SourcePosition position) {
}
