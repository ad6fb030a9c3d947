package io.vigil.dataplane.forward.schedule;

import io.vigil.dataplane.forward.Destination;
import io.vigil.dataplane.forward.Flow;
import java.util.List;

/**
 * Picks the destination of a new flow, as one IPVS scheduler does. One instance per service, owned by the worker
 * thread. {@link #schedule} runs per new flow and must not allocate; {@link #destinationsChanged} runs on the
 * control path (between batches) and may. {@link #tick} runs once per duty cycle and must not allocate either.
 */
public interface DestinationScheduler {

    /**
     * The service's destinations changed: one added or removed, a weight or threshold changed. The list holds every
     * destination that is not removed, in the order they were added (IPVS's list order).
     */
    void destinationsChanged(List<Destination> destinations);

    /** The destination for a new flow, or null when none is available. */
    Destination schedule(Flow flow);

    /**
     * The worker's clock, once per duty cycle (before the batch, {@code nowNanos} from a monotonic clock such as
     * {@link System#nanoTime()}). Schedulers with state that ages (lblc, lblcr: their locality tables expire and are
     * collected as in IPVS) take their notion of time from here and never read a clock themselves; the others ignore
     * it. Must not allocate.
     */
    default void tick(long nowNanos) {
    }
}
