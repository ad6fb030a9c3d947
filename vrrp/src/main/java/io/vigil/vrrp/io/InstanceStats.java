package io.vigil.vrrp.io;

import io.vigil.vrrp.fsm.VrrpState;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongConsumer;

/**
 * The counters, current state and effective priority of one instance. Written by the VRRP loop only; read by
 * metrics scrapes from any thread (each value is atomic, the set is not a snapshot).
 */
public final class InstanceStats {

    private final AtomicLongArray values = new AtomicLongArray(VrrpCounter.values().length);
    private volatile VrrpState state = VrrpState.INIT;
    private volatile int effectivePriority;
    private volatile LongConsumer takeovers = nanos -> { };
    private final TakeoverTrace trace = new TakeoverTrace();

    /** A fresh set for an instance of {@code basePriority}: state INIT, counters 0 (the VRRP loop makes one per instance). */
    public InstanceStats(int basePriority) {
        this.effectivePriority = basePriority;
    }

    /** The current state. */
    public VrrpState state() {
        return state;
    }

    void state(VrrpState now) {
        state = now;
    }

    /** The current effective priority. */
    public int effectivePriority() {
        return effectivePriority;
    }

    void effectivePriority(int now) {
        effectivePriority = now;
    }

    /**
     * Where each takeover's duration goes (master-down timer fired to first gratuitous ARP / NA sent, in
     * nanoseconds), called on the VRRP loop thread; replaces the previous one. The metrics register one.
     */
    public void onTakeover(LongConsumer sink) {
        takeovers = sink;
    }

    /** The first announcement of a burst went out: ends a takeover being traced and records it. */
    void announced(String instance, long nowNanos) {
        long takeover = trace.announced(instance, nowNanos);
        if (takeover >= 0) {
            takeovers.accept(takeover);
        }
    }

    TakeoverTrace trace() {
        return trace;
    }

    void increment(VrrpCounter counter) {
        values.incrementAndGet(counter.ordinal());
    }

    /** The current value. */
    public long get(VrrpCounter counter) {
        return values.get(counter.ordinal());
    }

    /** Every counter by name. */
    public Map<VrrpCounter, Long> asMap() {
        Map<VrrpCounter, Long> map = new EnumMap<>(VrrpCounter.class);
        for (VrrpCounter c : VrrpCounter.values()) {
            map.put(c, get(c));
        }
        return map;
    }
}
