package io.vigil.dataplane.forward.schedule;

import io.vigil.dataplane.forward.Destination;
import io.vigil.dataplane.forward.Flow;
import java.util.List;

/**
 * {@code sh} (ip_vs_sh.c): a static table of 256 buckets, filled with each destination as many times as its weight,
 * indexed by {@code hash_32(port + source address, 8)}, so a client always lands on the same destination while the
 * list stays the same. The port is the client's port with {@code sh-port} ({@code flag-2}), else 0. When the bucket's
 * destination is unavailable the flow gets none, or with {@code sh-fallback} ({@code flag-1}) the first available one
 * found by rehashing with offsets 0..255 as IPVS does. Owned by the worker thread.
 */
public final class SourceHashScheduler implements DestinationScheduler {

    private final BucketTable table = new BucketTable();
    private final boolean hashPort;
    private final boolean fallback;

    /**
     * @param hashPort {@code sh-port}: hash the client's port too
     * @param fallback {@code sh-fallback}: look further when the bucket's destination is unavailable
     */
    public SourceHashScheduler(boolean hashPort, boolean fallback) {
        this.hashPort = hashPort;
        this.fallback = fallback;
    }

    @Override
    public void destinationsChanged(List<Destination> destinations) {
        table.fill(destinations, true);
    }

    @Override
    public Destination schedule(Flow flow) {
        int key = AddressHash.fold(flow.sourceHigh(), flow.sourceLow()) + (hashPort ? AddressHash.sourcePort(flow) : 0);
        int first = bucket(key, 0);
        Destination d = table.get(first);
        if (d == null || d.available()) {
            return d;
        }
        if (!fallback) {
            return null;
        }
        for (int offset = 0; offset < BucketTable.SIZE; offset++) {
            Destination next = table.get(bucket(key, (offset + first) & BucketTable.MASK));
            if (next.available()) {
                return next;
            }
        }
        return null;
    }

    /** {@code ip_vs_sh_hashkey}: {@code (offset + hash_32(key, 8)) & 255}. */
    private static int bucket(int key, int offset) {
        return (offset + AddressHash.hash32(key, BucketTable.BITS)) & BucketTable.MASK;
    }
}
