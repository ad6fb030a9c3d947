package io.vigil.healthcheck.script;

import io.vigil.healthcheck.spec.ScriptSpec;

import java.util.concurrent.CompletableFuture;

/**
 * Runs scripts without blocking the caller. Cancelling the returned future kills the process tree.
 * Implementations are thread-safe.
 */
public interface ScriptLauncher {

    /** Runs {@code script}; when it outlives {@code timeoutNanos} its process tree gets SIGTERM, then SIGKILL. */
    CompletableFuture<ScriptExit> run(ScriptSpec script, long timeoutNanos);

    /**
     * Runs {@code script} as {@link #run(ScriptSpec, long)} does and keeps {@code state} current:
     * {@link ScriptState#RUNNING} once started, {@link ScriptState#REQUESTED_TERMINATION} at the timeout's SIGTERM,
     * {@link ScriptState#FORCING_TERMINATION} at the SIGKILL, {@link ScriptState#IDLE} once the process has exited
     * (which can be after the returned future completed with a timeout) or when it could not start. This default,
     * for launchers that cannot see the process, reports RUNNING, then IDLE when the future completes.
     */
    default CompletableFuture<ScriptExit> run(ScriptSpec script, long timeoutNanos, ScriptRunState state) {
        state.set(ScriptState.RUNNING);
        return run(script, timeoutNanos).whenComplete((exit, failure) -> state.set(ScriptState.IDLE));
    }
}
