package io.vigil.dataplane.forward;


/**
 * The worker's next-hop cache: destination address words to {@link NextHop}, in an open-addressing table of
 * primitive arrays, so a lookup on the packet path neither allocates nor does I/O. A miss records the destination
 * as pending and asks the {@link NextHopSource} once; until the source answers, lookups report "unresolved" (null,
 * or -1 for the MAC) and the forwarder drops and counts. {@link #applyResolutions()} takes the source's answers
 * (new entries, changes after a neighbour or route change, and periodic refreshes) between batches, and grows the
 * table there, never on the packet path.
 *
 * <p>Thread safety: one owner, the worker thread; the source does its lookups on its own thread.
 */
public final class Neighbours implements NextHopSource.Sink {

    private static final byte EMPTY = 0;
    private static final byte PENDING = 1;
    private static final byte RESOLVED = 2;

    private final NextHopSource source;
    private long[] highs;
    private long[] lows;
    private NextHop[] hops;
    private byte[] states;
    private int mask;
    private int size;
    private long unresolvedLookups;
    private long requestsRefused;

    /** A cache with room for {@code initialCapacity} destinations before it grows (rounded to a power of two). */
    public Neighbours(NextHopSource source, int initialCapacity) {
        if (initialCapacity < 1 || initialCapacity > 1 << 28) {
            throw new IllegalArgumentException("capacity " + initialCapacity + ", expected 1 to 2^28");
        }
        this.source = source;
        allocate(Integer.highestOneBit(Math.max(8, initialCapacity * 2 - 1)) * 2);
    }

    private void allocate(int slots) {
        highs = new long[slots];
        lows = new long[slots];
        hops = new NextHop[slots];
        states = new byte[slots];
        mask = slots - 1;
        size = 0;
    }

    /**
     * The next hop for destination (high, low), or null while it is unresolved; the first miss asks the source.
     * Packet path: no allocation, no I/O.
     */
    public NextHop nextHop(long high, long low) {
        int slot = find(high, low);
        if (slot >= 0 && states[slot] == RESOLVED) {
            return hops[slot];
        }
        unresolvedLookups++;
        if (slot < 0 && size < (mask + 1) / 2) {
            if (source.request(high, low)) {
                insert(high, low, null);
            } else {
                requestsRefused++;
            }
        }
        return null;
    }

    /** The next hop's MAC (low 48 bits) for destination (high, low), or -1 while it is unresolved. */
    public long nextHopMac(long high, long low) {
        NextHop hop = nextHop(high, low);
        return hop == null ? -1 : hop.dstMac();
    }

    /** Takes the source's answers; call between batches. Returns how many were applied. */
    public int applyResolutions() {
        if (size >= (mask + 1) / 2) {
            grow();
        }
        return source.drain(this);
    }

    /** One answer from the source (called by {@link #applyResolutions()}). */
    @Override
    public void resolved(long high, long low, NextHop nextHop) {
        int slot = find(high, low);
        if (slot < 0) {
            if (size >= (mask + 1) / 2) {
                grow();
            }
            insert(high, low, nextHop);
        } else {
            hops[slot] = nextHop;
            states[slot] = nextHop == null ? PENDING : RESOLVED;
        }
    }

    /** Lookups that found no resolved next hop. */
    public long unresolvedLookups() {
        return unresolvedLookups;
    }

    /** Misses the source could not take (its request queue was full); the next lookup asks again. */
    public long requestsRefused() {
        return requestsRefused;
    }

    /** Destinations known (resolved or pending). */
    public int size() {
        return size;
    }

    private int find(long high, long low) {
        int slot = hash(high, low) & mask;
        while (states[slot] != EMPTY) {
            if (highs[slot] == high && lows[slot] == low) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    private void insert(long high, long low, NextHop hop) {
        int slot = hash(high, low) & mask;
        while (states[slot] != EMPTY) {
            slot = (slot + 1) & mask;
        }
        highs[slot] = high;
        lows[slot] = low;
        hops[slot] = hop;
        states[slot] = hop == null ? PENDING : RESOLVED;
        size++;
    }

    private void grow() {
        long[] oldHighs = highs;
        long[] oldLows = lows;
        NextHop[] oldHops = hops;
        byte[] oldStates = states;
        allocate(oldStates.length * 2);
        for (int i = 0; i < oldStates.length; i++) {
            if (oldStates[i] != EMPTY) {
                insert(oldHighs[i], oldLows[i], oldHops[i]);
            }
        }
    }

    private static int hash(long high, long low) {
        long h = (high * 0x9E3779B97F4A7C15L) ^ (low * 0xC2B2AE3D27D4EB4FL);
        return (int) (h ^ (h >>> 32));
    }

    @Override
    public String toString() {
        return "Neighbours[" + size + " destinations, " + unresolvedLookups + " unresolved lookups]";
    }
}
