package io.vigil.dataplane.forward.schedule;

import io.vigil.dataplane.forward.Destination;
import io.vigil.dataplane.forward.Flow;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * {@code mh} (ip_vs_mh.c): Maglev consistent hashing (Eisenbud et al., NSDI 2016, §3.4). Each destination has a
 * permutation of a prime-sized lookup table, {@code offset = h1(d) mod M} and {@code skip = h2(d) mod (M - 1) + 1};
 * the destinations take turns claiming their next preferred free entry until the table is full, so each holds close
 * to its share of the entries, and a change moves little more than the entries of what changed. A destination takes
 * {@code lastWeight / gcd} turns per round (shifted so the largest is at most {@code 2^(bits/2)}), as IPVS does;
 * weight 0 keeps its entries ({@link Destination#lastWeight()}) but gives them no flows.
 *
 * <p>The hashes are SipHash-1-3 with IPVS's fixed keys over {@code port + address}, and the destinations take their
 * turns in the order of their addresses and ports, not in the order they were added: every director builds the same
 * table from the same destinations and weights, whatever order its configuration, its health checks or a reload added
 * them in, so a director that takes over mid-flow sends each flow where the old one did (with {@code sloppy_tcp}).
 * IPVS takes turns in its list order instead, so its table matches only when its list is sorted the same way.
 * A flow is looked up by its source address, plus its source port with {@code mh-port} ({@code flag-2}); when that
 * entry's destination is unavailable it gets none, or with {@code mh-fallback} ({@code flag-1}) the first available
 * one found by rehashing with increasing offsets, as IPVS does.
 *
 * <p>The table is rebuilt in {@link #destinationsChanged} (control path); {@link #schedule} does not allocate. Owned
 * by the worker thread.
 */
public final class MaglevScheduler implements DestinationScheduler {

    /** Maglev's default table size (NSDI 2016 §5.3), a prime. */
    public static final int DEFAULT_TABLE_SIZE = 65537;

    /** IPVS's {@code hash1} key words (ip_vs_mh.c {@code generate_hash_secret}). */
    private static final long OFFSET_KEY = 2654435761L;
    /** IPVS's {@code hash2} key words. */
    private static final long SKIP_KEY = 2654446892L;

    private final int tableSize;
    /** Turns per round are shifted down to at most this many bits (IPVS's {@code IP_VS_MH_TAB_BITS}). */
    private final int turnBits;
    private final boolean hashPort;
    private final boolean fallback;
    private final Destination[] lookup;

    /**
     * @param tableSize the number of entries M, a prime (65537 by default; IPVS's default is 4093)
     * @param hashPort  {@code mh-port}: hash the client's port too
     * @param fallback  {@code mh-fallback}: look further when the entry's destination is unavailable
     */
    public MaglevScheduler(int tableSize, boolean hashPort, boolean fallback) {
        if (tableSize < 2 || !BigInteger.valueOf(tableSize).isProbablePrime(50)) {
            throw new IllegalArgumentException("Maglev table size " + tableSize + " is not a prime");
        }
        this.tableSize = tableSize;
        this.turnBits = (32 - Integer.numberOfLeadingZeros(tableSize - 1)) / 2;
        this.hashPort = hashPort;
        this.fallback = fallback;
        this.lookup = new Destination[tableSize];
    }

    /** A table of {@link #DEFAULT_TABLE_SIZE} entries. */
    public MaglevScheduler(boolean hashPort, boolean fallback) {
        this(DEFAULT_TABLE_SIZE, hashPort, fallback);
    }

    /** The order destinations take turns in: by address, then port (unsigned, IPv4-mapped words included). */
    private static final Comparator<Destination> TURN_ORDER = Comparator
            .comparing(Destination::addressHigh, Long::compareUnsigned)
            .thenComparing(Destination::addressLow, Long::compareUnsigned)
            .thenComparingInt(Destination::port);

    @Override
    public void destinationsChanged(List<Destination> inListOrder) {
        List<Destination> destinations = new ArrayList<>(inListOrder);
        destinations.sort(TURN_ORDER);
        int n = destinations.size();
        int gcd = 0;
        int maxWeight = 0;
        for (Destination d : destinations) {
            int w = d.lastWeight();
            if (w > 0) {
                gcd = gcd == 0 ? w : WeightedRoundRobinScheduler.gcd(w, gcd);
                maxWeight = Math.max(maxWeight, w);
            }
        }
        if (gcd == 0) {
            Arrays.fill(lookup, null);
            return;
        }
        int shift = Math.max(0, (32 - Integer.numberOfLeadingZeros(maxWeight / gcd)) - turnBits);
        int[] next = new int[n];
        int[] skip = new int[n];
        int[] turns = new int[n];
        for (int i = 0; i < n; i++) {
            Destination d = destinations.get(i);
            int key = AddressHash.fold(d.addressHigh(), d.addressLow()) + d.port();
            next[i] = entry(key, OFFSET_KEY);
            skip[i] = Integer.remainderUnsigned(SipHash.hsiphash(key, SKIP_KEY, SKIP_KEY), tableSize - 1) + 1;
            int w = d.lastWeight();
            int t = (w / gcd) >> shift;
            turns[i] = t != 0 ? t : (w != 0 ? 1 : 0);
        }
        BitSet taken = new BitSet(tableSize);
        int filled = 0;
        while (filled < tableSize) {
            for (int i = 0; i < n && filled < tableSize; i++) {
                for (int turn = 0; turn < turns[i] && filled < tableSize; turn++) {
                    int c = next[i];
                    while (taken.get(c)) {
                        c += skip[i];
                        if (c >= tableSize) {
                            c -= tableSize;
                        }
                    }
                    next[i] = c;
                    taken.set(c);
                    lookup[c] = destinations.get(i);
                    filled++;
                }
            }
        }
    }

    @Override
    public Destination schedule(Flow flow) {
        int key = AddressHash.fold(flow.sourceHigh(), flow.sourceLow()) + (hashPort ? AddressHash.sourcePort(flow) : 0);
        int first = entry(key, OFFSET_KEY);
        Destination d = lookup[first];
        if (d == null || d.available()) {
            return d;
        }
        if (!fallback) {
            return null;
        }
        for (int offset = 0; offset < tableSize; offset++) {
            int rehashed = (int) (((long) offset + first) % tableSize);
            Destination next = lookup[entry(key + rehashed, OFFSET_KEY)];
            if (next.available()) {
                return next;
            }
        }
        return null;
    }

    /** The destination at entry {@code index} (for tests and diagnostics), null when the table is empty. */
    Destination entryAt(int index) {
        return lookup[index];
    }

    int tableSize() {
        return tableSize;
    }

    /** {@code ip_vs_mh_hashkey(...) % M}: SipHash of {@code offset + port + address} keyed (k, k). */
    private int entry(int key, long hashKey) {
        return Integer.remainderUnsigned(SipHash.hsiphash(key, hashKey, hashKey), tableSize);
    }
}
