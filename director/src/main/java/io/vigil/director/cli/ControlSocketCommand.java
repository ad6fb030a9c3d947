package io.vigil.director.cli;

import io.vigil.director.control.ControlClient;
import io.vigil.director.control.ControlReply;
import io.vigil.director.daemon.StateDir;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A subcommand answered by the running daemon: it parses {@code --state-dir DIR} and its own flags, sends the
 * request over the control socket and prints the reply (on stderr, with the daemon's exit code, when it is an
 * error).
 */
abstract class ControlSocketCommand implements Command {

    /** The usage line. */
    abstract String usage();

    /**
     * The flags this command accepts besides {@code --state-dir}: each mapped to the word sent to the daemon, or
     * to the empty string when the flag is accepted and changes nothing.
     */
    abstract Map<String, String> flags();

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Path stateDir = StateDir.DEFAULT;
        List<String> request = new ArrayList<>(List.of(name()));
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--state-dir")) {
                if (i + 1 >= args.size()) {
                    err.println("vigil " + name() + ": --state-dir needs a directory");
                    err.println(usage());
                    return ExitCodes.USAGE;
                }
                stateDir = Path.of(args.get(++i));
            } else if (flags().containsKey(arg)) {
                if (!flags().get(arg).isEmpty()) {
                    request.add(flags().get(arg));
                }
            } else {
                err.println("vigil " + name() + ": unknown option '" + arg + "'");
                err.println(usage());
                return ExitCodes.USAGE;
            }
        }
        try {
            ControlReply reply = ControlClient.request(stateDir, request);
            (reply.exitCode() == 0 ? out : err).print(reply.body());
            return reply.exitCode();
        } catch (IOException e) {
            err.println("vigil " + name() + ": " + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }
}
