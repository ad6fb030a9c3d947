package io.vigil.dataplane.forward.schedule;

import io.vigil.dataplane.forward.Destination;
import io.vigil.dataplane.forward.Flow;

/**
 * {@code wlc} (ip_vs_wlc.c), IPVS's default: the available destination with the smallest overhead per weight,
 * compared without division as {@code overhead1 * weight2 > overhead2 * weight1}; on a tie the first in list order.
 * lblc and lblcr fall back to the same choice. Owned by the worker thread.
 */
public final class WeightedLeastConnectionScheduler extends ListOrderScheduler {

    @Override
    public Destination schedule(Flow flow) {
        return leastLoaded(destinations);
    }

    /** The available destination with the least {@code overhead / weight}, the first of equals; null if none. */
    static Destination leastLoaded(Destination[] destinations) {
        Destination least = null;
        long leastOverhead = 0;
        for (Destination d : destinations) {
            if (!d.available()) {
                continue;
            }
            long overhead = d.overhead();
            if (least == null || leastOverhead * d.weight() > overhead * least.weight()) {
                least = d;
                leastOverhead = overhead;
            }
        }
        return least;
    }
}
