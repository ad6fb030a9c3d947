package io.vigil.vrrp.wire;

/**
 * One counter per {@link VrrpCheck} outcome. Single writer: the thread that validates packets; readers on other
 * threads may see slightly stale values.
 */
public final class RejectCounters {

    private final long[] counts = new long[VrrpCheck.values().length];

    /** Counts one outcome. */
    public void record(VrrpCheck check) {
        counts[check.ordinal()]++;
    }

    /** How many times {@code check} was recorded. */
    public long count(VrrpCheck check) {
        return counts[check.ordinal()];
    }

    /** Sum over every outcome that is not {@link VrrpCheck#accepted()}. */
    public long totalRejected() {
        long total = 0;
        for (VrrpCheck c : VrrpCheck.values()) {
            if (!c.accepted()) {
                total += counts[c.ordinal()];
            }
        }
        return total;
    }
}
