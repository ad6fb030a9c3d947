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

    /**
     * The words sent to the daemon after the command's name, from the options other than {@code --state-dir}; by
     * default each option maps through {@link #flags()}.
     *
     * @throws IllegalArgumentException naming an option that is unknown or misused
     */
    List<String> requestWords(List<String> options) {
        List<String> words = new ArrayList<>();
        for (String option : options) {
            String word = flags().get(option);
            if (word == null) {
                throw new IllegalArgumentException("unknown option '" + option + "'");
            }
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Path stateDir = StateDir.DEFAULT;
        List<String> options = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--state-dir")) {
                if (i + 1 >= args.size()) {
                    err.println("vigil " + name() + ": --state-dir needs a directory");
                    err.println(usage());
                    return ExitCodes.USAGE;
                }
                stateDir = Path.of(args.get(++i));
            } else {
                options.add(arg);
            }
        }
        List<String> request = new ArrayList<>(List.of(name()));
        try {
            request.addAll(requestWords(options));
        } catch (IllegalArgumentException e) {
            err.println("vigil " + name() + ": " + e.getMessage());
            err.println(usage());
            return ExitCodes.USAGE;
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
