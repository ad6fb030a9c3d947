package io.vigil.director.config;

/**
 * One finding about the configuration, printed as one line {@code FILE:LINE:COL: error|warning: message}.
 *
 * @param position where it was found
 * @param severity error or warning
 * @param message  what was found and what was expected
 * @param fatal    true when the configuration cannot run at all (keepalived -t exit 3)
 * @param security true for keepalived's script-security finding: scripts configured without
 *                 {@code enable_script_security} (keepalived -t exit 5)
 */
public record Diagnostic(SourcePosition position, Severity severity, String message, boolean fatal, boolean security) {

    /** A diagnostic that is not about script security. */
    public Diagnostic(SourcePosition position, Severity severity, String message, boolean fatal) {
        this(position, severity, message, fatal, false);
    }

    /** The one-line form. */
    public String format() {
        return position + ": " + severity.word() + ": " + message;
    }

    @Override
    public String toString() {
        return format();
    }
}
