package io.vigil.healthcheck.event;

/**
 * The live weight reached quorum + hysteresis (ipwrapper.c {@code update_quorum_state} L524-550).
 *
 * @param virtualServer          the virtual server
 * @param liveWeight             sum of the live real servers' weights
 * @param threshold              the threshold it reached
 * @param sorryServerDeactivated the sorry server left the pool and the live real servers came back
 */
public record QuorumGained(String virtualServer, long liveWeight, long threshold, boolean sorryServerDeactivated)
        implements PoolEvent {
}
