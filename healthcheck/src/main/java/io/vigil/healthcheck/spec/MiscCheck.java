package io.vigil.healthcheck.spec;

/**
 * {@code MISC_CHECK}: run {@code misc_path}; exit 0 = up, non-zero = down. With {@code misc_dynamic}, 1 = down and
 * 2..255 = up with weight exit − 2 (keepalived.conf(5) L2697-2722; check_misc.c {@code misc_check_child_thread}).
 *
 * @param script       {@code misc_path} and {@code user}
 * @param timeoutNanos {@code misc_timeout} (default delay_loop, check_misc.c L294); the process tree is sent SIGTERM
 *                     then SIGKILL when it is exceeded
 * @param dynamic      {@code misc_dynamic}
 */
public record MiscCheck(ScriptSpec script, long timeoutNanos, boolean dynamic) implements ProbeSpec {

    public MiscCheck {
        if (script == null || timeoutNanos <= 0) {
            throw new IllegalArgumentException("MISC_CHECK needs misc_path and a positive misc_timeout");
        }
    }

    @Override
    public String keyword() {
        return "MISC_CHECK";
    }
}
