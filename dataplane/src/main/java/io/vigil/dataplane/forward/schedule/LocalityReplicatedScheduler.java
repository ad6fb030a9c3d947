package io.vigil.dataplane.forward.schedule;

import io.vigil.dataplane.forward.Destination;
import io.vigil.dataplane.forward.Flow;
import java.util.Arrays;
import java.util.List;

/**
 * {@code lblcr} (ip_vs_lblcr.c), locality-based least connection with replication: each destination address maps
 * to a set of destinations. A flow goes to the set's least loaded (overhead per weight) available member unless that
 * one is "overloaded" in lblc's sense, in which case the {@link WeightedLeastConnectionScheduler wlc} choice joins
 * the set and takes the flow. A set of more than one that has not changed for the expiration time (24 hours) loses
 * its most loaded member. The sets live in a {@link LocalityTable} aged by {@link #tick}; members are listed newest
 * first, as IPVS's lists are. A destination removed from the service leaves every set (IPVS keeps it until it ages
 * out; it could never be chosen again). Owned by the worker thread.
 */
public final class LocalityReplicatedScheduler extends ListOrderScheduler {

    private final LocalityTable table;
    /** Set of slot s: members[s * setCapacity .. + setSize[s]), oldest first. */
    private Destination[] members;
    private int setCapacity = 1;
    private final int[] setSize;
    private final long[] lastModified;

    /** IPVS's sizes: collected above 16384 entries, at most 32768, sets shrink and entries expire after 24 hours. */
    public LocalityReplicatedScheduler() {
        this(2 * LocalityTable.DEFAULT_MAX_SIZE, LocalityTable.DEFAULT_MAX_SIZE, LocalityTable.DEFAULT_EXPIRATION_NANOS);
    }

    /**
     * @param capacity        the most addresses remembered
     * @param maxSize         the size above which the periodic check collects entries unused for 6 minutes
     * @param expirationNanos {@code lblcr_expiration}: the age at which every entry is dropped, and the time a set
     *                        must stay unchanged before it loses a member
     */
    public LocalityReplicatedScheduler(int capacity, int maxSize, long expirationNanos) {
        this.members = new Destination[capacity];
        this.setSize = new int[capacity];
        this.lastModified = new long[capacity];
        this.table = new LocalityTable(capacity, maxSize, expirationNanos, this::clearSet);
    }

    @Override
    public void destinationsChanged(List<Destination> newDestinations) {
        super.destinationsChanged(newDestinations);
        int stride = Math.max(setCapacity, destinations.length);
        Destination[] next = stride > setCapacity ? new Destination[table.capacity() * stride] : members;
        for (int s = 0; s < setSize.length; s++) {
            int kept = 0;
            for (int i = 0; i < setSize[s]; i++) {
                Destination m = members[s * setCapacity + i];
                if (RoundRobinScheduler.indexOf(destinations, m) >= 0) {
                    next[s * stride + kept++] = m;
                }
            }
            if (next == members) {
                Arrays.fill(members, s * stride + kept, s * stride + setSize[s], null);
            }
            setSize[s] = kept;
        }
        setCapacity = stride;
        members = next;
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
            Destination d = leastLoadedMember(slot);
            if (setSize[slot] > 1 && table.now() - (lastModified[slot] + table.expirationNanos()) > 0) {
                Destination most = mostLoadedMember(slot);
                if (most != null) {
                    erase(slot, most);
                }
            }
            if (d != null && !LocalityLeastConnectionScheduler.overloaded(d, destinations)) {
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
            insert(slot, d);
        }
        return d;
    }

    /** The members of the set for {@code slot}'s address, newest first (for tests). */
    List<Destination> set(int slot) {
        Destination[] out = new Destination[setSize[slot]];
        for (int i = 0; i < out.length; i++) {
            out[i] = members[slot * setCapacity + setSize[slot] - 1 - i];
        }
        return List.of(out);
    }

    /** The slot remembering {@code flow}'s destination address, or -1 (for tests). */
    int slotOf(Flow flow) {
        return table.find(flow.destinationHigh(), flow.destinationLow());
    }

    /** {@code ip_vs_dest_set_min}: the available member with the least overhead per weight, newest first on ties. */
    private Destination leastLoadedMember(int slot) {
        Destination least = null;
        long leastOverhead = 0;
        int base = slot * setCapacity;
        for (int i = setSize[slot] - 1; i >= 0; i--) {
            Destination d = members[base + i];
            if (!d.available()) {
                continue;
            }
            long overhead = d.overhead();
            if (least == null || leastOverhead * d.weight() > overhead * least.weight()) {
                least = d;
                leastOverhead = overhead;
            }
        }
        return least;
    }

    /** {@code ip_vs_dest_set_max}: the member with weight above 0 and the most overhead per weight. */
    private Destination mostLoadedMember(int slot) {
        Destination most = null;
        long mostOverhead = 0;
        int base = slot * setCapacity;
        for (int i = setSize[slot] - 1; i >= 0; i--) {
            Destination d = members[base + i];
            if (d.weight() <= 0) {
                continue;
            }
            long overhead = d.overhead();
            if (most == null || mostOverhead * d.weight() < overhead * most.weight()) {
                most = d;
                mostOverhead = overhead;
            }
        }
        return most;
    }

    /** {@code ip_vs_dest_set_insert} with its duplicate check: the set changes now. */
    private void insert(int slot, Destination d) {
        int base = slot * setCapacity;
        int size = setSize[slot];
        for (int i = 0; i < size; i++) {
            if (members[base + i] == d) {
                return;
            }
        }
        if (size == setCapacity) {
            return;
        }
        members[base + size] = d;
        setSize[slot] = size + 1;
        lastModified[slot] = table.now();
    }

    /** {@code ip_vs_dest_set_erase}: the set changes now. */
    private void erase(int slot, Destination d) {
        int base = slot * setCapacity;
        int size = setSize[slot];
        for (int i = 0; i < size; i++) {
            if (members[base + i] == d) {
                System.arraycopy(members, base + i + 1, members, base + i, size - i - 1);
                members[base + size - 1] = null;
                setSize[slot] = size - 1;
                lastModified[slot] = table.now();
                return;
            }
        }
    }

    private void clearSet(int slot) {
        int base = slot * setCapacity;
        for (int i = 0; i < setSize[slot]; i++) {
            members[base + i] = null;
        }
        setSize[slot] = 0;
    }
}
