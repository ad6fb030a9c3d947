package io.vigil.dataplane.forward.schedule;

import io.vigil.dataplane.forward.Destination;
import io.vigil.dataplane.forward.Flow;
import java.util.List;

/**
 * {@code rr} (ip_vs_rr.c): the next available destination after the one picked last, wrapping around the list.
 * When the destination picked last is removed, the walk continues from the one before it, as IPVS's
 * {@code ip_vs_rr_del_dest} does. Owned by the worker thread.
 */
public final class RoundRobinScheduler implements DestinationScheduler {

    private Destination[] destinations = new Destination[0];
    /** Index of the destination picked last; -1 is the list head (nothing picked yet). */
    private int last = -1;

    @Override
    public void destinationsChanged(List<Destination> newDestinations) {
        Destination[] next = newDestinations.toArray(new Destination[0]);
        int cursor = -1;
        for (int i = last; i >= 0 && cursor < 0; i--) {
            cursor = indexOf(next, destinations[i]);
        }
        destinations = next;
        last = cursor;
    }

    @Override
    public Destination schedule(Flow flow) {
        int n = destinations.length;
        for (int step = 1; step <= n; step++) {
            int i = (last + step) % n;
            if (destinations[i].available()) {
                last = i;
                return destinations[i];
            }
        }
        return null;
    }

    static int indexOf(Destination[] destinations, Destination wanted) {
        for (int i = 0; i < destinations.length; i++) {
            if (destinations[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
