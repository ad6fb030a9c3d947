package io.vigil.healthcheck.spec;

import java.util.Optional;

/**
 * A script to run without a shell: the command line is split into argv honouring quotes
 * (keepalived's {@code notify_script_t}, notify.c).
 *
 * @param commandLine the command and its arguments, e.g. {@code "/usr/bin/check 'a b'"}
 * @param user        user to run as when Vigil runs as root ({@code user} / {@code script_user})
 * @param group       group to run as; the user's primary group when empty
 */
public record ScriptSpec(String commandLine, Optional<String> user, Optional<String> group) {

    public ScriptSpec {
        if (commandLine == null || commandLine.isBlank()) {
            throw new IllegalArgumentException("script command line must not be blank");
        }
    }

    /** A script run as the current user. */
    public static ScriptSpec of(String commandLine) {
        return new ScriptSpec(commandLine, Optional.empty(), Optional.empty());
    }
}
