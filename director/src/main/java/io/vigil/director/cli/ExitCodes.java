package io.vigil.director.cli;

/** Exit codes shared by every subcommand; the configuration ones follow {@code keepalived -t}. */
public final class ExitCodes {

    /** Success, or a valid configuration. */
    public static final int OK = 0;
    /** A general failure at run time. */
    public static final int FAILURE = 1;
    /** A bad command line: unknown subcommand or option, missing argument. */
    public static final int USAGE = 2;
    /** The configuration cannot run (keepalived's KEEPALIVED_EXIT_CONFIG). */
    public static final int CONFIG_FATAL = 3;
    /** The configuration has errors but would run (keepalived's KEEPALIVED_EXIT_CONFIG_TEST). */
    public static final int CONFIG_ERRORS = 4;

    private ExitCodes() {
    }
}
