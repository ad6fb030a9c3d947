package io.vigil.dataplane.forward.schedule;

import io.vigil.dataplane.forward.Destination;
import io.vigil.dataplane.forward.Flow;

/**
 * {@code lblc} (ip_vs_lblc.c), locality-based least connection, for cache clusters: a flow goes to the destination
 * its destination address went to before, while that one is available and not "overloaded" in lblc's sense (more
 * active connections than its weight while another destination has fewer than half its weight); otherwise to the
 * {@link WeightedLeastConnectionScheduler wlc} choice, which the table then remembers for that address. The table is
 * a {@link LocalityTable}: bounded, and aged by {@link #tick} with IPVS's timers. Owned by the worker thread.
 */
public final class LocalityLeastConnectionScheduler extends ListOrderScheduler {

    private final LocalityTable table;
    private final Destination[] chosen;

    /** IPVS's sizes: collected above 16384 entries, at most 32768, entries expire after 24 hours. */
    public LocalityLeastConnectionScheduler() {
        this(2 * LocalityTable.DEFAULT_MAX_SIZE, LocalityTable.DEFAULT_MAX_SIZE, LocalityTable.DEFAULT_EXPIRATION_NANOS);
    }

    /**
     * @param capacity        the most addresses remembered
     * @param maxSize         the size above which the periodic check collects entries unused for 6 minutes
     * @param expirationNanos {@code lblc_expiration}: the age at which every entry is dropped
     */
    public LocalityLeastConnectionScheduler(int capacity, int maxSize, long expirationNanos) {
        this.chosen = new Destination[capacity];
        this.table = new LocalityTable(capacity, maxSize, expirationNanos, slot -> chosen[slot] = null);
    }

    @Override
    public void tick(long nowNanos) {
        table.tick(nowNanos);
    }

    @Override
    public Destination schedule(Flow flow) {
        long high = flow.destinationHigh();
        long low = flow.destinationLow();
        int slot = table.find(high, low);
        if (slot >= 0) {
            table.touch(slot);
            Destination d = chosen[slot];
            if (d.available() && !overloaded(d, destinations)) {
                return d;
            }
        }
        Destination d = WeightedLeastConnectionScheduler.leastLoaded(destinations);
        if (d == null) {
            return null;
        }
        if (slot < 0) {
            slot = table.add(high, low);
        }
        if (slot >= 0) {
            chosen[slot] = d;
        }
        return d;
    }

    /** Entries remembered (for tests and statistics). */
    int remembered() {
        return table.size();
    }

    /**
     * lblc's and lblcr's {@code is_overloaded}: more active connections than its weight while some destination of
     * the service has fewer than half its own.
     */
    static boolean overloaded(Destination d, Destination[] all) {
        if (d.activeConnections() <= d.weight()) {
            return false;
        }
        for (Destination other : all) {
            if (other.activeConnections() * 2L < other.weight()) {
                return true;
            }
        }
        return false;
    }
}
