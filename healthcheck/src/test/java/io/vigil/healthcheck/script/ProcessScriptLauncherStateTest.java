package io.vigil.healthcheck.script;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigil.healthcheck.spec.ScriptSpec;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The run states {@link ProcessScriptLauncher} reports, keepalived's {@code SCRIPT_STATE_*}: running, then at the
 * timeout requested termination (SIGTERM), forcing termination (SIGKILL 2 s later, for a script that ignores
 * SIGTERM), and idle once the process is gone.
 */
class ProcessScriptLauncherStateTest {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor();
    private static final ProcessScriptLauncher launcher = new ProcessScriptLauncher(TIMER);

    @AfterAll
    static void stopTimer() {
        TIMER.shutdownNow();
    }

    /** Every state a run goes through until it is IDLE again, as the launcher sets them. */
    private static List<ScriptState> trace(String command, long timeoutMillis) throws Exception {
        List<ScriptState> seen = new CopyOnWriteArrayList<>();
        ScriptRunState state = new ScriptRunState() {
            @Override
            protected void changed(ScriptState to) {
                seen.add(to);
            }
        };
        CompletableFuture<ScriptExit> run = launcher.run(ScriptSpec.of(command),
                TimeUnit.MILLISECONDS.toNanos(timeoutMillis), state);
        await().atMost(15, TimeUnit.SECONDS).until(() -> state.get() == ScriptState.IDLE && run.isDone());
        return seen;
    }

    @Test
    void aScriptThatExitsIsRunningThenIdle() throws Exception {
        assertEquals(List.of(ScriptState.RUNNING, ScriptState.IDLE), trace("/bin/sh -c 'sleep 0.3'", 5000));
    }

    @Test
    void aScriptThatEndsOnSigtermPassesThroughRequestedTermination() throws Exception {
        assertEquals(List.of(ScriptState.RUNNING, ScriptState.REQUESTED_TERMINATION, ScriptState.IDLE),
                trace("/bin/sleep 30", 300));
    }

    @Test
    void aScriptThatIgnoresSigtermIsForcedWithSigkill() throws Exception {
        assertEquals(List.of(ScriptState.RUNNING, ScriptState.REQUESTED_TERMINATION,
                ScriptState.FORCING_TERMINATION, ScriptState.IDLE),
                trace("/bin/sh -c 'trap \"\" TERM; while :; do sleep 0.1; done'", 300));
    }

    @Test
    void aScriptThatCannotStartIsIdle() throws Exception {
        ScriptRunState state = new ScriptRunState();
        ScriptExit exit = launcher.run(ScriptSpec.of("/nonexistent/script"), TimeUnit.SECONDS.toNanos(1), state)
                .get(5, TimeUnit.SECONDS);
        assertEquals(ScriptExit.Outcome.NOT_STARTED, exit.outcome());
        assertEquals(ScriptState.IDLE, state.get());
    }
}
