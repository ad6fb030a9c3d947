package io.vigil.director.tunnel;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The endpoint's packet counters: one per {@link IpipCheck} (delivered and each drop reason), delivered bytes, and
 * receive errors. Single writer (the endpoint's packet thread) with release stores, so any thread may read a
 * {@link #snapshot()}; counting allocates nothing.
 */
public final class TunnelCounters {

    private static final IpipCheck[] CHECKS = IpipCheck.values();
    private static final int DELIVERED_BYTES = CHECKS.length;
    private static final int RECEIVE_ERRORS = CHECKS.length + 1;

    private final AtomicLongArray counts = new AtomicLongArray(CHECKS.length + 2);

    /** Counts one packet with its verdict; {@code bytes} (the inner length) is added when it was delivered. */
    void count(IpipCheck check, int bytes) {
        increment(check.ordinal(), 1);
        if (check == IpipCheck.DELIVERED) {
            increment(DELIVERED_BYTES, bytes);
        }
    }

    /** Counts a failed receive or poll on the raw socket. */
    void countReceiveError() {
        increment(RECEIVE_ERRORS, 1);
    }

    private void increment(int index, long by) {
        counts.setRelease(index, counts.getPlain(index) + by);
    }

    /** The counters now (allocates; not for the packet path). */
    public TunnelStats snapshot() {
        Map<IpipCheck, Long> drops = new EnumMap<>(IpipCheck.class);
        long received = 0;
        for (IpipCheck check : CHECKS) {
            long n = counts.getAcquire(check.ordinal());
            received += n;
            if (check != IpipCheck.DELIVERED && n > 0) {
                drops.put(check, n);
            }
        }
        return new TunnelStats(received, counts.getAcquire(IpipCheck.DELIVERED.ordinal()),
                counts.getAcquire(DELIVERED_BYTES), drops, counts.getAcquire(RECEIVE_ERRORS));
    }
}
