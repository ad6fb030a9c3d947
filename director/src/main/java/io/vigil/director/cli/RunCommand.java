package io.vigil.director.cli;

import io.vigil.director.daemon.Daemon;
import io.vigil.director.daemon.DaemonOptions;
import io.vigil.director.daemon.StartupException;
import io.vigil.director.settings.EngineSettingsLoader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import sun.misc.Signal;

/**
 * {@code vigil run -f FILE [--config-id ID] [--state-dir DIR] [--settings FILE]}: the daemon, in the foreground.
 * SIGTERM and SIGINT shut it down gracefully (priority-0 adverts, VIPs removed, notify_stop) and it exits 0;
 * SIGHUP reloads the configuration file (see {@code Daemon#reload}).
 */
final class RunCommand implements Command {

    static final String USAGE = "usage: vigil run -f FILE [--config-id ID] [--state-dir DIR] [--settings FILE]";

    @Override
    public String name() {
        return "run";
    }

    @Override
    public String summary() {
        return "run the daemon: every vrrp_instance and vrrp_sync_group of a keepalived.conf";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Path file = null;
        String configId = null;
        Path stateDir = null;
        Path settings = Path.of(EngineSettingsLoader.DEFAULT_FILE);
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!List.of("-f", "--config-file", "-i", "--config-id", "--state-dir", "--settings").contains(a)) {
                return usage(err, "unknown option '" + a + "'");
            }
            if (i + 1 >= args.size()) {
                return usage(err, a + " needs a value");
            }
            String value = args.get(++i);
            switch (a) {
                case "-f", "--config-file" -> file = Path.of(value);
                case "-i", "--config-id" -> configId = value;
                case "--state-dir" -> stateDir = Path.of(value);
                default -> settings = Path.of(value);
            }
        }
        if (file == null) {
            return usage(err, "missing -f FILE");
        }
        Daemon daemon;
        TerminationSignals signals = TerminationSignals.install();
        try {
            daemon = Daemon.start(new DaemonOptions(file, configId, stateDir, settings));
        } catch (StartupException e) {
            err.println("vigil run: " + e.getMessage());
            return e.exitCode();
        }
        Signal.handle(new Signal("HUP"), s -> daemon.reload()); // keepalived's reload; the outcome is logged
        signals.awaitThenStop(daemon::stop);
        return ExitCodes.OK;
    }

    private static int usage(PrintStream err, String why) {
        err.println("vigil run: " + why);
        err.println(USAGE);
        return ExitCodes.USAGE;
    }
}
