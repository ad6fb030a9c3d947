package io.vigil.director.config;

/** How bad a {@link Diagnostic} is; the words are the ones printed in each diagnostic line. */
public enum Severity {
    /** The configuration is wrong; the affected setting is ignored or defaulted (keepalived -t exit 4). */
    ERROR("error"),
    /** Worth knowing, the configuration still means what the user most likely meant. */
    WARNING("warning");

    private final String word;

    Severity(String word) {
        this.word = word;
    }

    /** The word printed in a diagnostic line. */
    public String word() {
        return word;
    }
}
