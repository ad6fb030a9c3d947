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

    private static final int KINDS = TimerKind.values().length;

    private final EventExecutor loop;
    private final Expiry expiry;
    /** Each instance's pending timers, indexed by {@link TimerKind#ordinal()}; no key is built per schedule. */
    private final Map<String, ScheduledFuture<?>[]> pending = new HashMap<>();

    InstanceTimers(EventExecutor loop, Expiry expiry) {
        this.loop = loop;
        this.expiry = expiry;
    }

    /** Fires {@code kind} of {@code instance} at {@code atNanos} ({@link System#nanoTime()} clock). */
    void schedule(String instance, TimerKind kind, long atNanos) {
        ScheduledFuture<?>[] slots = pending.computeIfAbsent(instance, i -> new ScheduledFuture<?>[KINDS]);
        int slot = kind.ordinal();
        cancel(slots, slot);
        long delay = Math.max(0, atNanos - System.nanoTime());
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        self[0] = loop.schedule(() -> {
            if (slots[slot] == self[0]) {
                slots[slot] = null;
            }
            expiry.expired(instance, kind);
        }, delay, TimeUnit.NANOSECONDS);
        slots[slot] = self[0];
    }

    /** Cancels {@code kind} of {@code instance} if it is pending. */
    void cancel(String instance, TimerKind kind) {
        ScheduledFuture<?>[] slots = pending.get(instance);
        if (slots != null) {
            cancel(slots, kind.ordinal());
        }
    }

    /** Cancels every pending timer of {@code instance} (it is being removed or restarted). */
    void cancelAll(String instance) {
        ScheduledFuture<?>[] slots = pending.remove(instance);
        if (slots != null) {
            for (int slot = 0; slot < KINDS; slot++) {
                cancel(slots, slot);
            }
        }
    }

    /** Cancels every pending timer. */
    void cancelAll() {
        for (ScheduledFuture<?>[] slots : pending.values()) {
            for (int slot = 0; slot < KINDS; slot++) {
                cancel(slots, slot);
            }
        }
        pending.clear();
    }

    private static void cancel(ScheduledFuture<?>[] slots, int slot) {
        ScheduledFuture<?> previous = slots[slot];
        if (previous != null) {
            slots[slot] = null;
            previous.cancel(false);
        }
    }
}
