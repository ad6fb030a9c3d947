package io.vigil.healthcheck.script;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@link ScriptState} of one script's runs: the launcher moves it (running, requested and forcing termination,
 * idle), the owner starts a run only from idle, and anyone may read it. Each change is reported to
 * {@link #changed}, in the order the changes happened on each thread (a hook for tests; nothing by default).
 *
 * <p>Threading: thread-safe; changes are atomic.
 */
public class ScriptRunState {

    private final AtomicReference<ScriptState> state = new AtomicReference<>(ScriptState.IDLE);

    /** The current state. */
    public final ScriptState get() {
        return state.get();
    }

    /** Claims a new run: IDLE to RUNNING; false when a run is still running or being terminated. */
    public final boolean start() {
        return advance(ScriptState.IDLE, ScriptState.RUNNING);
    }

    /** Moves from {@code from} to {@code to}; false (and no change) when the state is not {@code from}. */
    final boolean advance(ScriptState from, ScriptState to) {
        if (!state.compareAndSet(from, to)) {
            return false;
        }
        changed(to);
        return true;
    }

    /** Sets {@code to} whatever the state was. */
    final void set(ScriptState to) {
        if (state.getAndSet(to) != to) {
            changed(to);
        }
    }

    /** Told of each change after it happened. */
    protected void changed(ScriptState to) {
    }
}
