package io.vigil.director.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * One {@code vigil} subcommand. Implementations parse their own arguments and return the process exit code;
 * they never call {@link System#exit}, so tests can run them in-process.
 */
public interface Command {

    /** The word after {@code vigil}, for example {@code check-config}. */
    String name();

    /** One line for {@code vigil help}. */
    String summary();

    /**
     * Runs the command.
     *
     * @param args the arguments after the command's name
     * @param out  standard output
     * @param err  standard error, for diagnostics
     * @return the exit code
     */
    int run(List<String> args, PrintStream out, PrintStream err);
}
