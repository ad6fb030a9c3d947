package io.vigil.dataplane.forward.schedule;

import io.vigil.dataplane.forward.Destination;
import io.vigil.dataplane.forward.Flow;
import java.util.List;

/**
 * {@code dh} (ip_vs_dh.c): a static table of 256 buckets, filled with the destinations one after the other (IPVS
 * ignores weights here beyond quiescing), indexed by {@code hash_32(destination address, 8)}, so each destination
 * address (a cache cluster's origin) always lands on the same real server. An unavailable bucket gives no
 * destination. Owned by the worker thread.
 */
public final class DestinationHashScheduler implements DestinationScheduler {

    private final BucketTable table = new BucketTable();

    @Override
    public void destinationsChanged(List<Destination> destinations) {
        table.fill(destinations, false);
    }

    @Override
    public Destination schedule(Flow flow) {
        int key = AddressHash.fold(flow.destinationHigh(), flow.destinationLow());
        Destination d = table.get(AddressHash.hash32(key, BucketTable.BITS));
        return d != null && d.available() ? d : null;
    }
}
