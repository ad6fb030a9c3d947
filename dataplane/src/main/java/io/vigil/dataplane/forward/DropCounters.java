package io.vigil.dataplane.forward;

import io.vigil.dataplane.api.DropReason;
import java.util.EnumMap;
import java.util.Map;

/** Packets dropped, by reason. Written by the worker only; {@link #snapshot} is for the worker's stats command. */
public final class DropCounters {

    private static final DropReason[] REASONS = DropReason.values();
    private final long[] counts = new long[REASONS.length];

    /** One more drop for {@code reason}. */
    public void count(DropReason reason) {
        counts[reason.ordinal()]++;
    }

    public long get(DropReason reason) {
        return counts[reason.ordinal()];
    }

    /** Every reason with its count, zero included. */
    public Map<DropReason, Long> snapshot() {
        Map<DropReason, Long> out = new EnumMap<>(DropReason.class);
        for (DropReason r : REASONS) {
            out.put(r, counts[r.ordinal()]);
        }
        return out;
    }
}
