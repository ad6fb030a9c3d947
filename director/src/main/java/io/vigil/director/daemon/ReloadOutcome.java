package io.vigil.director.daemon;

import java.util.List;

/**
 * The answer to one reload or {@code --diff} request.
 *
 * @param exitCode    0 applied (or, for a diff, the file would be accepted); 1 a listener failed after the reload
 *                    was applied; 3 the file cannot run; 4 the file has errors, so the reload was refused
 * @param diagnostics the new file's errors and warnings, {@code FILE:LINE:COL: severity: message}
 * @param changes     {@link io.vigil.director.config.ConfigDiff#lines()}, or what the VRRP loop did
 * @param applied     true when the new configuration is now running
 */
public record ReloadOutcome(int exitCode, List<String> diagnostics, List<String> changes, boolean applied) {

    public ReloadOutcome {
        diagnostics = List.copyOf(diagnostics);
        changes = List.copyOf(changes);
    }

    /** The reply's text: the diagnostics, then the changes (or "no changes"), then the verdict. */
    public String text(boolean dryRun) {
        StringBuilder out = new StringBuilder();
        diagnostics.forEach(d -> out.append(d).append('\n'));
        if (exitCode == 3 || exitCode == 4) {
            out.append(dryRun ? "the daemon would refuse this file" : "reload refused")
                    .append(": the running configuration is unchanged\n");
            return out.toString();
        }
        if (changes.isEmpty()) {
            out.append("no changes\n");
        }
        changes.forEach(c -> out.append(c).append('\n'));
        if (!dryRun) {
            out.append(applied ? "reloaded\n" : "reload failed\n");
        }
        return out.toString();
    }
}
