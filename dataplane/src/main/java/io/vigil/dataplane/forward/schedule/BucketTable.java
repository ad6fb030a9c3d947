package io.vigil.dataplane.forward.schedule;

import io.vigil.dataplane.forward.Destination;
import java.util.List;

/**
 * IPVS's static hash table of sh and dh: 256 buckets ({@code IP_VS_SH_TAB_BITS} = {@code IP_VS_DH_TAB_BITS} = 8),
 * each naming one destination, refilled from the list on every change. Rebuilt on the control path, read by
 * {@link #get} without allocation; owned by the worker thread.
 */
final class BucketTable {

    /** {@code IP_VS_SH_TAB_BITS}, {@code IP_VS_DH_TAB_BITS}. */
    static final int BITS = 8;
    static final int SIZE = 1 << BITS;
    static final int MASK = SIZE - 1;

    private final Destination[] buckets = new Destination[SIZE];

    /**
     * Fills the buckets walking the list in a circle: with {@code byWeight}, each destination takes as many
     * consecutive buckets as its weight (at least one, as {@code ip_vs_sh_reassign} does), otherwise one each in
     * turn ({@code ip_vs_dh_reassign}). An empty list empties every bucket.
     */
    void fill(List<Destination> destinations, boolean byWeight) {
        int n = destinations.size();
        int at = 0;
        int taken = 0;
        for (int i = 0; i < SIZE; i++) {
            if (n == 0) {
                buckets[i] = null;
                continue;
            }
            Destination d = destinations.get(at);
            buckets[i] = d;
            if (!byWeight || ++taken >= d.weight()) {
                at = (at + 1) % n;
                taken = 0;
            }
        }
    }

    /** The destination of bucket {@code index & MASK}, or null when the table is empty. */
    Destination get(int index) {
        return buckets[index & MASK];
    }
}
