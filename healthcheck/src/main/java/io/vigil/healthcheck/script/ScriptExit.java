package io.vigil.healthcheck.script;

/**
 * How a script run ended.
 *
 * @param outcome      exited, killed at its timeout, or never started
 * @param exitCode     the exit status (128 + signal when killed by a signal); -1 when not started
 * @param elapsedNanos time from start to end
 * @param detail       what happened, for logs and views
 */
public record ScriptExit(Outcome outcome, int exitCode, long elapsedNanos, String detail) {

    /** How a run ended. */
    public enum Outcome {
        /** The process exited by itself. */
        EXITED,
        /** The process tree was killed at the timeout. */
        TIMED_OUT,
        /** The process could not be started. */
        NOT_STARTED
    }
}
