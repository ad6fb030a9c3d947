package io.vigil.director.cli;

import io.vigil.dataplane.linux.SignalDisposition;
import io.vigil.director.daemon.Daemon;
import io.vigil.director.daemon.DaemonOptions;
import io.vigil.director.daemon.StartupException;
import io.vigil.director.settings.EngineSettingsLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
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

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

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
        TerminationSignals signals = TerminationSignals.install();
        try {
            daemon = Daemon.start(new DaemonOptions(config.file(), config.configId, stateDir.stateDir, settings));
        } catch (StartupException e) {
            spec.commandLine().getErr().println("vigil run: " + e.getMessage());
            return e.exitCode();
        }
        // systemd's ExecReload sends SIGHUP; without a handler the JVM would exit on it. The outcome is logged. A SIGHUP
        // ignored when vigil started (nohup, a parent that ignores it) gets its default back first, else the JVM would
        // install no handler and SIGHUP would not reload.
        if (SignalDisposition.unignore(SignalDisposition.SIGHUP)) {
            LOG.info("SIGHUP was ignored when vigil started (nohup?); it reloads the configuration all the same");
        }
        Signal.handle(new Signal("HUP"), s -> daemon.reload());
        signals.awaitThenStop(daemon::stop);
        return ExitCodes.OK;
    }
}
