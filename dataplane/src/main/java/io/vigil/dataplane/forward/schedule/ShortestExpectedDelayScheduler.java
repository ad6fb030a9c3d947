package io.vigil.dataplane.forward.schedule;

import io.vigil.dataplane.forward.Destination;
import io.vigil.dataplane.forward.Flow;

/**
 * {@code sed} (ip_vs_sed.c): the available destination with the shortest expected delay {@code (active + 1) /
 * weight}, compared without division; inactive connections do not count. On a tie the first in list order. Owned by
 * the worker thread.
 */
public final class ShortestExpectedDelayScheduler extends ListOrderScheduler {

    @Override
    public Destination schedule(Flow flow) {
        Destination least = null;
        long leastDelay = 0;
        for (Destination d : destinations) {
            if (!d.available()) {
                continue;
            }
            long delay = expectedDelay(d);
            if (least == null || leastDelay * d.weight() > delay * least.weight()) {
                least = d;
                leastDelay = delay;
            }
        }
        return least;
    }

    /** sed's and nq's overhead: the active connections plus the one being scheduled. */
    static long expectedDelay(Destination d) {
        return d.activeConnections() + 1L;
    }
}
