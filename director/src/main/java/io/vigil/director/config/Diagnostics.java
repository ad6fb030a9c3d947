package io.vigil.director.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects the diagnostics of one configuration load. Not thread-safe: one load runs on one thread.
 * With {@code strict}, unknown keywords are errors instead of warnings.
 */
public final class Diagnostics {

    private final List<Diagnostic> found = new ArrayList<>();
    private final boolean strict;

    /** A collector; {@code strict} turns unknown keywords into errors. */
    public Diagnostics(boolean strict) {
        this.strict = strict;
    }

    /** Records an error: the configuration is wrong but would run. */
    public void error(SourcePosition at, String message) {
        found.add(new Diagnostic(at, Severity.ERROR, message, false));
    }

    /** Records an error that stops the configuration from running. */
    public void fatal(SourcePosition at, String message) {
        found.add(new Diagnostic(at, Severity.ERROR, message, true));
    }

    /** Records a warning. */
    public void warning(SourcePosition at, String message) {
        found.add(new Diagnostic(at, Severity.WARNING, message, false));
    }

    /**
     * Records what keepalived reports and then runs with a corrected value (its {@code report_config_error}
     * followed by a reset: "resetting", "ignoring", "clearing"): a warning, an error with {@code --strict}, because
     * {@code keepalived -t} rejects the file.
     */
    public void corrected(SourcePosition at, String message) {
        found.add(new Diagnostic(at, strict ? Severity.ERROR : Severity.WARNING, message, false));
    }

    /**
     * Records keepalived's script-security finding: scripts would run as root without {@code enable_script_security}
     * (keepalived runs them; {@code keepalived -t} exits 5).
     */
    public void scriptSecurity(SourcePosition at, String message) {
        found.add(new Diagnostic(at, Severity.WARNING, message, false, true));
    }

    /** Records an unknown keyword: a warning, or an error in strict mode. */
    public void unknown(SourcePosition at, String message) {
        found.add(new Diagnostic(at, strict ? Severity.ERROR : Severity.WARNING, message, false));
    }

    /** Whether unknown keywords are errors. */
    public boolean strict() {
        return strict;
    }

    /** Whether any error (fatal or not) was recorded. */
    public boolean hasErrors() {
        return found.stream().anyMatch(d -> d.severity() == Severity.ERROR);
    }

    /** Whether a fatal error was recorded. */
    public boolean hasFatal() {
        return found.stream().anyMatch(Diagnostic::fatal);
    }

    /** Everything recorded so far, ordered by file, line and column (stable for equal positions). */
    public List<Diagnostic> list() {
        List<Diagnostic> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparing((Diagnostic d) -> d.position().file())
                .thenComparingInt(d -> d.position().line())
                .thenComparingInt(d -> d.position().column()));
        return List.copyOf(sorted);
    }
}
