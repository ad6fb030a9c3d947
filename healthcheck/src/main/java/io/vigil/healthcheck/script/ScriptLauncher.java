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
}
