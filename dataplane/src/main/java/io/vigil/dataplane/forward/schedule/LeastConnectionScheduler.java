package io.vigil.dataplane.forward.schedule;

import io.vigil.dataplane.forward.Destination;
import io.vigil.dataplane.forward.Flow;

/**
 * {@code lc} (ip_vs_lc.c): the available destination with the smallest {@link Destination#overhead()}
 * ({@code active * 256 + inactive}); on a tie the first in list order. Weights only quiesce (weight 0). Owned by the
 * worker thread.
 */
public final class LeastConnectionScheduler extends ListOrderScheduler {

    @Override
    public Destination schedule(Flow flow) {
        Destination least = null;
        long leastOverhead = 0;
        for (Destination d : destinations) {
            if (!d.available()) {
                continue;
            }
            long overhead = d.overhead();
            if (least == null || overhead < leastOverhead) {
                least = d;
                leastOverhead = overhead;
            }
        }
        return least;
    }
}
