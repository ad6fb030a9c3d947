package io.vigil.director.config;

import java.util.List;

/**
 * The result of reading a configuration: the model and everything found on the way.
 *
 * @param config      the configuration as keepalived would run it
 * @param diagnostics the diagnostics, ordered by position
 */
public record ConfigLoad(KeepalivedConfig config, List<Diagnostic> diagnostics) {

    /** keepalived -t's exit status: 0 valid, 3 cannot run, 4 errors but would run (keepalived(8) "Exit status"). */
    public int exitCode() {
        if (diagnostics.stream().anyMatch(Diagnostic::fatal)) {
            return 3;
        }
        return diagnostics.stream().anyMatch(x -> x.severity() == Severity.ERROR) ? 4 : 0;
    }

    /**
     * {@code keepalived -t}'s exit status as keepalived(8) numbers it: {@link #exitCode()}, or 5 when it is 0 but
     * scripts are configured without {@code enable_script_security}. (keepalived 2.2.7's binary returns one more:
     * 4, 5 and 6; the verdict, zero or not, is the same.)
     */
    public int configTestExitCode() {
        int code = exitCode();
        return code == 0 && diagnostics.stream().anyMatch(Diagnostic::security) ? 5 : code;
    }
}
