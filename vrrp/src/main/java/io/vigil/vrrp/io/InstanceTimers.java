package io.vigil.vrrp.io;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.vigil.vrrp.fsm.TimerKind;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The state machines' timers, scheduled on the VRRP loop: at most one pending per instance and {@link TimerKind};
 * scheduling again replaces it (the fsm's {@code ScheduleTimer}/{@code CancelTimer} actions).
 *
 * <p>Threading: the VRRP loop thread only; expiries run there too.
 */
final class InstanceTimers {

    /** Receives an expiry on the loop. */
    @FunctionalInterface
    interface Expiry {
        void expired(String instance, TimerKind kind);
    }

    private final EventExecutor loop;
    private final Expiry expiry;
    private final Map<String, ScheduledFuture<?>> pending = new HashMap<>();

    InstanceTimers(EventExecutor loop, Expiry expiry) {
        this.loop = loop;
        this.expiry = expiry;
    }

    /** Fires {@code kind} of {@code instance} at {@code atNanos} ({@link System#nanoTime()} clock). */
    void schedule(String instance, TimerKind kind, long atNanos) {
        cancel(instance, kind);
        String key = key(instance, kind);
        long delay = Math.max(0, atNanos - System.nanoTime());
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        self[0] = loop.schedule(() -> {
            if (pending.get(key) == self[0]) {
                pending.remove(key);
            }
            expiry.expired(instance, kind);
        }, delay, TimeUnit.NANOSECONDS);
        pending.put(key, self[0]);
    }

    /** Cancels {@code kind} of {@code instance} if it is pending. */
    void cancel(String instance, TimerKind kind) {
        ScheduledFuture<?> previous = pending.remove(key(instance, kind));
        if (previous != null) {
            previous.cancel(false);
        }
    }

    /** Cancels every pending timer. */
    void cancelAll() {
        pending.values().forEach(t -> t.cancel(false));
        pending.clear();
    }

    private static String key(String instance, TimerKind kind) {
        return instance + "\0" + kind;
    }
}
