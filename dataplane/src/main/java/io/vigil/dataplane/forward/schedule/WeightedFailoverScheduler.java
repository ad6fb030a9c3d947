package io.vigil.dataplane.forward.schedule;

import io.vigil.dataplane.forward.Destination;
import io.vigil.dataplane.forward.Flow;

/**
 * {@code fo} (ip_vs_fo.c): the available destination with the highest weight; on a tie the first in list order.
 * Lower weights are standbys that take flows only when every heavier one is unavailable. Owned by the worker thread.
 */
public final class WeightedFailoverScheduler extends ListOrderScheduler {

    @Override
    public Destination schedule(Flow flow) {
        Destination heaviest = null;
        int heaviestWeight = 0;
        for (Destination d : destinations) {
            if (d.available() && d.weight() > heaviestWeight) {
                heaviest = d;
                heaviestWeight = d.weight();
            }
        }
        return heaviest;
    }
}
