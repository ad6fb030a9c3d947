package io.vigil.dataplane.api;

import java.util.Map;

/**
 * The sync daemon's role and counters.
 *
 * @param role                what it does now
 * @param messagesSent        messages multicast
 * @param connectionsSent     connection entries in them
 * @param messagesReceived    messages received and decoded (before the SyncID and entry checks drop any)
 * @param connectionsReceived entries installed into the connection table
 * @param drops               by reason, every reason present
 * @param lagNanos            the last message's lag: from the worker queuing its oldest record to the send
 * @param maxLagNanos         the largest lag seen
 */
public record SyncStats(SyncRole role, long messagesSent, long connectionsSent, long messagesReceived,
                        long connectionsReceived, Map<SyncDropReason, Long> drops, long lagNanos, long maxLagNanos) {

    /** No sync daemon. */
    public static final SyncStats OFF = new SyncStats(SyncRole.NONE, 0, 0, 0, 0, Map.of(), 0, 0);

    public SyncStats {
        drops = Map.copyOf(drops);
    }
}
