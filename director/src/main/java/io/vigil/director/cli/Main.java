package io.vigil.director.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code vigil} command line on picocli: {@link VigilCommand} registers the subcommands; this class runs one
 * command line and maps bad input to exit code 2 with a message that says what was wrong and where.
 * Thread safety: one run per instance at a time.
 */
public final class Main {

    public static void main(String[] args) {
        System.exit(new Main().run(List.of(args), System.out, System.err));
    }

    /** The picocli model of {@code vigil}, for the man pages and completion generators and for tests. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new VigilCommand());
        cli.setParameterExceptionHandler(Main::badCommandLine);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    /** Runs one command line and returns its exit code. */
    public int run(List<String> args, PrintStream out, PrintStream err) {
        CommandLine cli = commandLine();
        PrintWriter outWriter = new PrintWriter(out, true, StandardCharsets.UTF_8);
        PrintWriter errWriter = new PrintWriter(err, true, StandardCharsets.UTF_8);
        cli.setOut(outWriter);
        cli.setErr(errWriter);
        try {
            return cli.execute(args.toArray(String[]::new));
        } finally {
            outWriter.flush();
            errWriter.flush();
        }
    }

    /** {@code " in '-nq'"} when the unknown short option {@code -q} came in a bundle of short options, else "". */
    private static String bundledIn(String unknown, String[] args) {
        if (unknown.length() != 2 || unknown.charAt(0) != '-' || List.of(args).contains(unknown)) {
            return "";
        }
        for (String arg : args) {
            if (arg.length() > 2 && arg.charAt(0) == '-' && arg.charAt(1) != '-'
                    && arg.indexOf(unknown.charAt(1), 1) > 0) {
                return " in '" + arg + "'";
            }
        }
        return "";
    }

    /** {@code vigil NAME: what was wrong}, then the command's synopsis; exit 2. */
    private static int badCommandLine(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        String message = e.getMessage();
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().getFirst();
            if (cmd.getParent() == null && !first.startsWith("-")) {
                message = "unknown command '" + first + "'; expected one of "
                        + String.join(", ", cmd.getSubcommands().keySet()) + " (see 'vigil help')";
            } else {
                message = (first.startsWith("-") ? "unknown option '" : "unexpected argument '") + first + "'"
                        + bundledIn(first, args);
                if (first.startsWith("-") && cmd.getCommandSpec().userObject() instanceof AcceptedOptions a) {
                    message += "; expected " + a.accepted();
                }
            }
        }
        err.println(name + ": " + message);
        err.print(cmd.getHelp().fullSynopsis());
        err.println("See '" + name + " --help'.");
        return ExitCodes.USAGE;
    }
}
