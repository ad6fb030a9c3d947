package io.vigil.dataplane.sync;

import io.vigil.dataplane.api.SyncDropReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The sync daemon's counters: messages and connections sent and received, drops by {@link SyncDropReason}, and
 * the last sync lag (the time from the worker queuing a record to the sender handing its message to the socket).
 *
 * <p>Threading: each counter has one writer (the worker, the sender or the receiver); any thread may read.
 */
public final class SyncCounters {

    private static final int MESSAGES_SENT = 0;
    private static final int CONNECTIONS_SENT = 1;
    private static final int MESSAGES_RECEIVED = 2;
    private static final int CONNECTIONS_RECEIVED = 3;
    private static final int LAG_NANOS = 4;
    private static final int MAX_LAG_NANOS = 5;
    private static final SyncDropReason[] REASONS = SyncDropReason.values();

    private final AtomicLongArray totals = new AtomicLongArray(6);
    private final AtomicLongArray drops = new AtomicLongArray(REASONS.length);

    public void count(SyncDropReason reason) {
        drops.incrementAndGet(reason.ordinal());
    }

    public void messageSent(int connections, long lagNanos) {
        totals.incrementAndGet(MESSAGES_SENT);
        totals.addAndGet(CONNECTIONS_SENT, connections);
        totals.set(LAG_NANOS, lagNanos);
        if (lagNanos > totals.get(MAX_LAG_NANOS)) {
            totals.set(MAX_LAG_NANOS, lagNanos);
        }
    }

    public void messageReceived() {
        totals.incrementAndGet(MESSAGES_RECEIVED);
    }

    public void connectionReceived() {
        totals.incrementAndGet(CONNECTIONS_RECEIVED);
    }

    public long messagesSent() {
        return totals.get(MESSAGES_SENT);
    }

    public long connectionsSent() {
        return totals.get(CONNECTIONS_SENT);
    }

    public long messagesReceived() {
        return totals.get(MESSAGES_RECEIVED);
    }

    public long connectionsReceived() {
        return totals.get(CONNECTIONS_RECEIVED);
    }

    /** The lag of the last message sent, nanoseconds. */
    public long lagNanos() {
        return totals.get(LAG_NANOS);
    }

    /** The largest lag seen, nanoseconds. */
    public long maxLagNanos() {
        return totals.get(MAX_LAG_NANOS);
    }

    public long drops(SyncDropReason reason) {
        return drops.get(reason.ordinal());
    }

    /** Every reason with its count (control path: allocates). */
    public Map<SyncDropReason, Long> dropsSnapshot() {
        Map<SyncDropReason, Long> out = new EnumMap<>(SyncDropReason.class);
        for (SyncDropReason r : REASONS) {
            out.put(r, drops.get(r.ordinal()));
        }
        return out;
    }
}
