package io.vigil.director.config;

/**
 * One finding about the configuration, printed as one line {@code FILE:LINE:COL: error|warning: message}.
 *
 * @param position where it was found
 * @param severity error or warning
 * @param message  what was found and what was expected
 * @param fatal    true when the configuration cannot run at all (keepalived -t exit 3)
 */
public record Diagnostic(SourcePosition position, Severity severity, String message, boolean fatal) {

    /** The one-line form. */
    public String format() {
        return position + ": " + severity.word() + ": " + message;
    }

    @Override
    public String toString() {
        return format();
    }
}
