package io.vigil.director.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigil.director.config.ConfigLoad;
import io.vigil.director.config.ConfigLoader;
import io.vigil.healthcheck.script.ScriptExit;
import io.vigil.healthcheck.script.ScriptLauncher;
import io.vigil.healthcheck.spec.ScriptSpec;
import io.vigil.vrrp.fsm.VrrpState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifyRunnerTest {

    @TempDir
    Path dir;

    /** Records what it was asked to run, in order, and reports success. */
    private static final class RecordingLauncher implements ScriptLauncher {
        final List<ScriptSpec> runs = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<ScriptExit> run(ScriptSpec script, long timeoutNanos) {
            runs.add(script);
            threads.add(Thread.currentThread().getName());
            return CompletableFuture.completedFuture(new ScriptExit(ScriptExit.Outcome.EXITED, 0, 0, "exited 0"));
        }
    }

    private NotifyRunner runner(RecordingLauncher launcher, List<NotifyRunner.StateChange> changes) throws Exception {
        return runner(launcher, Runnable::run, changes);
    }

    private NotifyRunner runner(RecordingLauncher launcher, Executor executor, List<NotifyRunner.StateChange> changes)
            throws Exception {
        Path file = dir.resolve("keepalived.conf");
        Files.writeString(file, """
                global_defs {
                    script_user nobody
                }
                vrrp_sync_group G {
                    group {
                        VI_1
                    }
                    notify "/usr/local/bin/group-notify"
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 1
                    virtual_ipaddress {
                        198.18.0.100
                    }
                    notify_master "/usr/local/bin/to-master --now"
                    notify "/usr/local/bin/notify"
                }
                """);
        ConfigLoad load = new ConfigLoader("test", false, name -> true).load(file);
        return new NotifyRunner(load.config(), launcher, executor, changes::add);
    }

    @Test
    void specificScriptThenNotifyWithKeepalivedsArgumentsThenTheGroups() throws Exception {
        RecordingLauncher launcher = new RecordingLauncher();
        List<NotifyRunner.StateChange> changes = new CopyOnWriteArrayList<>();
        NotifyRunner runner = runner(launcher, changes);
        runner.stateChanged("VI_1", VrrpState.MASTER, 150);
        runner.drained().join();
        assertEquals(List.of(
                "/usr/local/bin/to-master --now",
                "/usr/local/bin/notify INSTANCE \"VI_1\" MASTER 150",
                "/usr/local/bin/group-notify GROUP \"G\" MASTER 150"),
                launcher.runs.stream().map(ScriptSpec::commandLine).toList());
        assertEquals(Optional.of("nobody"), launcher.runs.getFirst().user(), "script_user applies");
        assertEquals(List.of(new NotifyRunner.StateChange("VI_1", VrrpState.MASTER, 150)), changes);
    }

    @Test
    void aStateWithoutItsOwnScriptRunsOnlyNotify() throws Exception {
        RecordingLauncher launcher = new RecordingLauncher();
        NotifyRunner runner = runner(launcher, new CopyOnWriteArrayList<>());
        runner.stateChanged("VI_1", VrrpState.BACKUP, 100);
        runner.stateChanged("VI_1", VrrpState.STOP, 0);
        runner.drained().join();
        assertEquals(List.of(
                "/usr/local/bin/notify INSTANCE \"VI_1\" BACKUP 100",
                "/usr/local/bin/group-notify GROUP \"G\" BACKUP 100",
                "/usr/local/bin/notify INSTANCE \"VI_1\" STOP 0",
                "/usr/local/bin/group-notify GROUP \"G\" STOP 0"),
                launcher.runs.stream().map(ScriptSpec::commandLine).toList());
    }

    @Test
    void scriptsStartOnTheScriptsExecutorNotOnTheCallersThread() throws Exception {
        RecordingLauncher launcher = new RecordingLauncher();
        List<NotifyRunner.StateChange> changes = new CopyOnWriteArrayList<>();
        ExecutorService scripts = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-scripts"));
        try {
            NotifyRunner runner = runner(launcher, scripts, changes);
            runner.stateChanged("VI_1", VrrpState.MASTER, 150);
            runner.drained().join();
            assertEquals(3, launcher.runs.size());
            assertEquals(List.of("test-scripts", "test-scripts", "test-scripts"), launcher.threads);
            assertEquals(List.of(new NotifyRunner.StateChange("VI_1", VrrpState.MASTER, 150)), changes,
                    "the listener hears of the change on the caller's thread, before any script");
        } finally {
            scripts.shutdownNow();
        }
    }
}
