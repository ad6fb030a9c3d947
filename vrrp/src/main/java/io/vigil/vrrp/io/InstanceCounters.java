package io.vigil.vrrp.io;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The counters of one instance. Written by the VRRP loop only; read by metrics scrapes and status from any
 * thread (each value is atomic, the set is not a snapshot).
 */
public final class InstanceCounters {

    private final AtomicLongArray values = new AtomicLongArray(VrrpCounter.values().length);

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
