package io.vigil.director.daemon;

/** The daemon cannot start; the message says what is wrong and what to do, for the operator. */
public final class StartupException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public StartupException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public StartupException(String message, int exitCode) {
        this(message, exitCode, null);
    }

    /** The process exit code that fits (3 for a configuration that cannot run, 1 otherwise). */
    public int exitCode() {
        return exitCode;
    }
}
