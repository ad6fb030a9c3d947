package io.vigil.director.cli;

import io.vigil.director.daemon.Daemon;
import io.vigil.director.daemon.DaemonOptions;
import io.vigil.director.daemon.StartupException;
import io.vigil.director.settings.EngineSettingsLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sun.misc.Signal;

/**
 * {@code vigil run}: the daemon, in the foreground. SIGTERM and SIGINT shut it down gracefully (priority-0 adverts,
 * VIPs removed, notify_stop) and it exits 0; SIGHUP reloads ({@link Daemon#reload()}).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the daemon in the foreground: every vrrp_instance, vrrp_sync_group and virtual_server "
                + "of the configuration.",
            "SIGTERM or SIGINT: graceful stop (priority-0 adverts, VIPs removed, notify_stop), exit 0. "
                + "SIGHUP: reload. Under systemd it reports READY=1, RELOADING=1 and STOPPING=1."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by SIGTERM or SIGINT", "1:cannot start", "2:bad command line",
            "3:the configuration cannot run"})
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigFileOption config;

    @Mixin
    StateDirOption stateDir;

    @Option(names = "--settings", paramLabel = "FILE", defaultValue = EngineSettingsLoader.DEFAULT_FILE,
            description = "Engine settings, HOCON (default: ${DEFAULT-VALUE}).")
    Path settings;

    @Override
    public Integer call() {
        Daemon daemon;
        try {
            daemon = Daemon.start(new DaemonOptions(config.file(), config.configId, stateDir.stateDir, settings));
        } catch (StartupException e) {
            spec.commandLine().getErr().println("vigil run: " + e.getMessage());
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
}
