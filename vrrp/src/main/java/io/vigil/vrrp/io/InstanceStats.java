package io.vigil.vrrp.io;

import io.vigil.vrrp.fsm.VrrpState;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The counters, current state and effective priority of one instance. Written by the VRRP loop only; read by
 * metrics scrapes from any thread (each value is atomic, the set is not a snapshot).
 */
public final class InstanceStats {

    private final AtomicLongArray values = new AtomicLongArray(VrrpCounter.values().length);
    private volatile VrrpState state = VrrpState.INIT;
    private volatile int effectivePriority;

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
