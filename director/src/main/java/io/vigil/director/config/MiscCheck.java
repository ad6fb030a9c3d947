package io.vigil.director.config;

import java.time.Duration;

/**
 * {@code MISC_CHECK}: run a script; exit 0 is up (check_misc.c; keepalived.conf(5) MISC_CHECK).
 *
 * @param settings    the shared checker options (retry default 0)
 * @param miscPath    {@code misc_path}: the command line
 * @param miscTimeout {@code misc_timeout}, default the delay_loop
 * @param miscDynamic {@code misc_dynamic}: exit codes 2..255 set the weight
 * @param user        {@code user}, or null
 * @param position    where the block starts
 */
public record MiscCheck(CheckerSettings settings, String miscPath, Duration miscTimeout, boolean miscDynamic,
        String user, SourcePosition position) implements Checker {

    @Override
    public String type() {
        return "MISC_CHECK";
    }
}
