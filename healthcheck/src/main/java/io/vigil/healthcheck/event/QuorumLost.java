package io.vigil.healthcheck.event;

/**
 * The live weight fell below quorum − hysteresis (ipwrapper.c {@code update_quorum_state} L552-581).
 *
 * @param virtualServer        the virtual server
 * @param liveWeight           sum of the live real servers' weights
 * @param threshold            the threshold it fell below
 * @param sorryServerActivated the sorry server replaced the real servers in the pool
 */
public record QuorumLost(String virtualServer, long liveWeight, long threshold, boolean sorryServerActivated)
        implements PoolEvent {
}
