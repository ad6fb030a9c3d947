package io.vigil.dataplane.forward.schedule;

import io.vigil.dataplane.forward.Destination;
import io.vigil.dataplane.forward.Flow;

/**
 * {@code nq} (ip_vs_nq.c): the first available destination with no active connection; when every one is busy, the
 * shortest expected delay as {@link ShortestExpectedDelayScheduler} computes it. Owned by the worker thread.
 */
public final class NeverQueueScheduler extends ListOrderScheduler {

    @Override
    public Destination schedule(Flow flow) {
        Destination least = null;
        long leastDelay = 0;
        for (Destination d : destinations) {
            if (!d.available()) {
                continue;
            }
            if (d.activeConnections() == 0) {
                return d;
            }
            long delay = ShortestExpectedDelayScheduler.expectedDelay(d);
            if (least == null || leastDelay * d.weight() > delay * least.weight()) {
                least = d;
                leastDelay = delay;
            }
        }
        return least;
    }
}
