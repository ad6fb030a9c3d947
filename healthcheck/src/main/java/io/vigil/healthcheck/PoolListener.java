package io.vigil.healthcheck;

import io.vigil.healthcheck.event.PoolEvent;

/**
 * Receives pool events, on the health-check event loop, in the order they happened. Implementations must return
 * quickly (hand the event to their own thread's queue).
 */
@FunctionalInterface
public interface PoolListener {

    /** One transition. */
    void onEvent(PoolEvent event);
}
