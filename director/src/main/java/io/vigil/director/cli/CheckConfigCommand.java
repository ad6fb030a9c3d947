package io.vigil.director.cli;

import io.vigil.director.config.ConfigJson;
import io.vigil.director.config.ConfigLoad;
import io.vigil.director.config.ConfigLoader;
import io.vigil.director.config.Diagnostic;
import java.io.PrintStream;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code vigil check-config -f FILE [--config-id ID] [--strict] [--dump]}: reads a keepalived.conf as keepalived -t
 * does, prints one diagnostic per line on stderr, optionally the effective configuration as JSON on stdout, and
 * exits 0 (valid), 3 (cannot run) or 4 (errors but would run).
 */
final class CheckConfigCommand implements Command {

    private static final String USAGE = "usage: vigil check-config -f FILE [--config-id ID] [--strict] [--dump]";

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
                default -> {
                    return usage(err, "unknown option '" + a + "'");
                }
            }
        }
        if (file == null) {
            return usage(err, "missing -f FILE");
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

    private static int usage(PrintStream err, String why) {
        err.println("vigil check-config: " + why);
        err.println(USAGE);
        return ExitCodes.USAGE;
    }

    /** The interfaces of this host, for keepalived's "interface doesn't exist" check; null if they cannot be listed. */
    private static Predicate<String> hostInterfaces() {
        try {
            Set<String> names = new HashSet<>();
            NetworkInterface.networkInterfaces().forEach(n -> names.add(n.getName()));
            return names::contains;
        } catch (SocketException e) {
            return null;
        }
    }
}
