package io.vigil.director.cli;

import io.vigil.director.daemon.Daemon;
import io.vigil.director.daemon.DaemonOptions;
import io.vigil.director.daemon.StartupException;
import io.vigil.director.settings.EngineSettingsLoader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * {@code vigil run -f FILE [--config-id ID] [--state-dir DIR] [--settings FILE]}: the daemon, in the foreground.
 * SIGTERM and SIGINT shut it down gracefully (priority-0 adverts, VIPs removed, notify_stop) and it exits 0.
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
        try {
            daemon = Daemon.start(new DaemonOptions(file, configId, stateDir, settings));
        } catch (StartupException e) {
            err.println("vigil run: " + e.getMessage());
            return e.exitCode();
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable shutdown = () -> {
            daemon.stop();
            stopped.countDown();
        };
        // A signal handler, not a shutdown hook, so that the process exits 0 after the graceful stop.
        Signal.handle(new Signal("TERM"), s -> Thread.ofPlatform().name("vigil-shutdown").start(shutdown));
        Signal.handle(new Signal("INT"), s -> Thread.ofPlatform().name("vigil-shutdown").start(shutdown));
        // systemd's ExecReload sends SIGHUP; without a handler the JVM would exit on it.
        Signal.handle(new Signal("HUP"), s -> Thread.ofPlatform().name("vigil-reload").start(daemon::reload));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            daemon.stop();
        }
        return ExitCodes.OK;
    }

    private static int usage(PrintStream err, String why) {
        err.println("vigil run: " + why);
        err.println(USAGE);
        return ExitCodes.USAGE;
    }
}
