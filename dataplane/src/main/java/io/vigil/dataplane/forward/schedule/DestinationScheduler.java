package io.vigil.dataplane.forward.schedule;

import io.vigil.dataplane.forward.Destination;
import io.vigil.dataplane.forward.Flow;
import java.util.List;

/**
 * Picks the destination of a new flow, as one IPVS scheduler does. One instance per service, owned by the worker
 * thread. {@link #schedule} runs per new flow and must not allocate; {@link #destinationsChanged} runs on the
 * control path (between batches) and may.
 */
public interface DestinationScheduler {

    /**
     * The service's destinations changed: one added or removed, a weight or threshold changed. The list holds every
     * destination that is not removed, in the order they were added (IPVS's list order).
     */
    void destinationsChanged(List<Destination> destinations);

    /** The destination for a new flow, or null when none is available. */
    Destination schedule(Flow flow);
}
