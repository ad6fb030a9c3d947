package io.vigil.director.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code vigil} command line: dispatches the first argument to a {@link Command}.
 * Subcommands that the design names but that do not exist yet answer with exit code 2 and say so.
 */
public final class Main {

    /** Designed subcommands that are not built yet: they fail clearly instead of pretending. */
    private static final List<String> NOT_YET = List.of();

    private final Map<String, Command> commands = new LinkedHashMap<>();

    /** A command line with every built subcommand registered. */
    public Main() {
        register(new VersionCommand());
        register(new CheckConfigCommand());
        register(new RunCommand());
        register(new StatusCommand());
        register(new GenhashCommand());
        register(new DemoCommand());
        register(new ListCommand());
        register(new TunnelEndpointCommand());
        register(new ReloadCommand());
    }

    private void register(Command command) {
        commands.put(command.name(), command);
    }

    public static void main(String[] args) {
        System.exit(new Main().run(Arrays.asList(args), System.out, System.err));
    }

    /** Runs one command line and returns its exit code. */
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            usage(err);
            return ExitCodes.USAGE;
        }
        String name = args.getFirst();
        List<String> rest = args.subList(1, args.size());
        switch (name) {
            case "help", "-h", "--help" -> {
                usage(out);
                return ExitCodes.OK;
            }
            case "--version", "-v" -> name = "version";
            default -> { }
        }
        Command command = commands.get(name);
        if (command != null) {
            return command.run(rest, out, err);
        }
        if (NOT_YET.contains(name) && !commands.containsKey(name)) {
            err.printf("vigil: '%s' is not implemented yet in this version (%s)%n", name, VersionCommand.version());
            return ExitCodes.USAGE;
        }
        err.printf("vigil: unknown command '%s'; expected one of %s (see 'vigil help')%n",
                name, String.join(", ", commands.keySet()));
        return ExitCodes.USAGE;
    }

    private void usage(PrintStream out) {
        out.println("usage: vigil <command> [options]");
        out.println();
        out.println("commands:");
        for (Command c : commands.values()) {
            out.printf("  %-14s %s%n", c.name(), c.summary());
        }
        out.printf("  %-14s %s%n", "help", "show this list");
        List<String> pending = NOT_YET.stream().filter(n -> !commands.containsKey(n)).toList();
        if (!pending.isEmpty()) {
            out.println();
            out.println("not implemented yet: " + String.join(", ", pending));
        }
    }
}
