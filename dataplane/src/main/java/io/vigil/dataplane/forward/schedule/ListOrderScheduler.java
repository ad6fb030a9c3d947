package io.vigil.dataplane.forward.schedule;

import io.vigil.dataplane.forward.Destination;
import java.util.List;

/**
 * A scheduler that walks the service's destinations in list order on every pick and keeps no other state: it
 * holds them as an array so that {@link #schedule} iterates without allocating. Owned by the worker thread.
 */
abstract class ListOrderScheduler implements DestinationScheduler {

    /** The service's destinations in list order, replaced (never mutated) on a change. */
    protected Destination[] destinations = new Destination[0];

    @Override
    public void destinationsChanged(List<Destination> newDestinations) {
        destinations = newDestinations.toArray(new Destination[0]);
    }
}
