package io.vigil.director.cli;

import io.vigil.director.config.ConfigJson;
import io.vigil.director.config.ConfigLoad;
import io.vigil.director.config.ConfigLoader;
import io.vigil.director.config.Diagnostic;
import java.io.PrintStream;
import io.vigil.director.control.ControlClient;
import io.vigil.director.control.ControlReply;
import io.vigil.director.daemon.Daemon;
import io.vigil.director.daemon.StateDir;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code vigil check-config -f FILE [--config-id ID] [--strict] [--dump]}: reads a keepalived.conf as keepalived -t
 * does, prints one diagnostic per line on stderr, optionally the effective configuration as JSON on stdout, and
 * exits 0 (valid), 3 (cannot run) or 4 (errors but would run).
 */
final class CheckConfigCommand implements Command {

    private static final String USAGE = "usage: vigil check-config -f FILE [--config-id ID] [--strict] [--dump]\n"
            + "       vigil check-config --diff -f FILE [--state-dir DIR]";

    @Override
    public String name() {
        return "check-config";
    }

    @Override
    public String summary() {
        return "check a keepalived.conf like keepalived -t; --dump prints it as JSON";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        String file = null;
        String configId = null;
        boolean strict = false;
        boolean dump = false;
        boolean diff = false;
        Path stateDir = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "-f", "--config-file", "--use-file" -> {
                    if (i + 1 >= args.size()) {
                        return usage(err, a + " needs a file name");
                    }
                    file = args.get(++i);
                }
                case "-i", "--config-id" -> {
                    if (i + 1 >= args.size()) {
                        return usage(err, a + " needs an id");
                    }
                    configId = args.get(++i);
                }
                case "--strict" -> strict = true;
                case "--dump" -> dump = true;
                case "--diff" -> diff = true;
                case "--state-dir" -> {
                    if (i + 1 >= args.size()) {
                        return usage(err, a + " needs a directory");
                    }
                    stateDir = Path.of(args.get(++i));
                }
                default -> {
                    return usage(err, "unknown option '" + a + "'");
                }
            }
        }
        if (file == null) {
            return usage(err, "missing -f FILE");
        }
        if (diff) {
            return diff(Path.of(file), stateDir == null ? StateDir.DEFAULT : stateDir, out, err);
        }
        if (stateDir != null) {
            return usage(err, "--state-dir goes with --diff");
        }
        ConfigLoad load = new ConfigLoader(configId == null ? ConfigLoader.defaultConfigId() : configId, strict, hostInterfaces())
                .load(Path.of(file));
        for (Diagnostic d : load.diagnostics()) {
            err.println(d.format());
        }
        if (dump) {
            out.print(ConfigJson.dump(load.config()));
        }
        return load.exitCode();
    }

    /**
     * {@code --diff}: the running daemon reads FILE as a reload would and answers what it would change (one line per
     * change), or why it would refuse the file; nothing is changed.
     */
    private static int diff(Path file, Path stateDir, PrintStream out, PrintStream err) {
        try {
            ControlReply reply = ControlClient.request(stateDir, List.of("reload", "--diff", file.toAbsolutePath().toString()));
            (reply.exitCode() == 0 ? out : err).print(reply.body());
            return reply.exitCode();
        } catch (IOException e) {
            err.println("vigil check-config --diff: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }

    private static int usage(PrintStream err, String why) {
        err.println("vigil check-config: " + why);
        err.println(USAGE);
        return ExitCodes.USAGE;
    }

    /**
     * keepalived's "interface doesn't exist" check, as {@code vigil run} makes it: {@code if_nametoindex(3)}, so an
     * interface without an address (which {@code java.net.NetworkInterface} does not list) exists.
     */
    private static Predicate<String> hostInterfaces() {
        return Daemon::interfaceExists;
    }
}
