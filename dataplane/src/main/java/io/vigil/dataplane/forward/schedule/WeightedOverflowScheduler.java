package io.vigil.dataplane.forward.schedule;

import io.vigil.dataplane.forward.Destination;
import io.vigil.dataplane.forward.Flow;

/**
 * {@code ovf} (ip_vs_ovf.c): the available destination with the highest weight whose active connections do not
 * exceed its weight; on a tie the first in list order. Flows overflow to the next weight once the heaviest holds more
 * active connections than its weight. Only active connections count, so it suits TCP better than UDP. Owned by the
 * worker thread.
 */
public final class WeightedOverflowScheduler extends ListOrderScheduler {

    @Override
    public Destination schedule(Flow flow) {
        Destination heaviest = null;
        int heaviestWeight = 0;
        for (Destination d : destinations) {
            int weight = d.weight();
            if (!d.available() || d.activeConnections() > weight) {
                continue;
            }
            if (heaviest == null || weight > heaviestWeight) {
                heaviest = d;
                heaviestWeight = weight;
            }
        }
        return heaviest;
    }
}
