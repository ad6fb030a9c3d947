package io.vigil.dataplane.forward.schedule;

import java.util.function.IntConsumer;
import org.agrona.collections.Long2LongHashMap;

/**
 * The bounded table of lblc and lblcr: destination address to a slot the scheduler keeps its choice in, with
 * IPVS's ageing (ip_vs_lblc.c, ip_vs_lblcr.c). Every {@link #CHECK_EXPIRE_INTERVAL_NANOS} a check runs: every 30th
 * one ({@link #COUNT_FOR_FULL_EXPIRATION}) drops the entries unused for the expiration time (24 hours by default,
 * the {@code lblc_expiration} / {@code lblcr_expiration} sysctls); otherwise, only while the table holds more than
 * its soft maximum, it drops entries unused for {@link #ENTRY_TIMEOUT_NANOS}, four thirds of the excess at most half
 * the maximum, resuming where the last check stopped. Unlike IPVS's, the table also has a hard capacity: when it is
 * full a flow is still scheduled, it is just not remembered (IPVS's path when it cannot allocate an entry).
 *
 * <p>Slots live in primitive arrays; the address lookup is an Agrona {@link Long2LongHashMap} from the address's low
 * word to the first slot of a chain (the high word tells IPv6 addresses with equal low words apart), sized so it
 * never grows. Nothing allocates after construction. Owned by the worker thread.
 */
final class LocalityTable {

    /** {@code CHECK_EXPIRE_INTERVAL}: 60 s. */
    static final long CHECK_EXPIRE_INTERVAL_NANOS = 60_000_000_000L;
    /** {@code ENTRY_TIMEOUT}: 6 min, the age an entry may be dropped at when the table is over its maximum. */
    static final long ENTRY_TIMEOUT_NANOS = 6 * 60_000_000_000L;
    /** {@code DEFAULT_EXPIRATION}: 24 h, the age every entry is dropped at. */
    static final long DEFAULT_EXPIRATION_NANOS = 24 * 60 * 60_000_000_000L;
    /** {@code COUNT_FOR_FULL_EXPIRATION}: every 30th check is a full one. */
    static final int COUNT_FOR_FULL_EXPIRATION = 30;
    /** {@code IP_VS_LBLC_TAB_SIZE * 16}: the soft maximum IPVS collects above. */
    static final int DEFAULT_MAX_SIZE = (1 << 10) * 16;

    private static final long NONE = -1;

    private final int capacity;
    private final int maxSize;
    private final long expirationNanos;
    private final IntConsumer onRemoved;
    private final long[] high;
    private final long[] low;
    private final long[] lastUse;
    private final int[] nextInChain;
    private final boolean[] used;
    private final int[] free;
    private final Long2LongHashMap chainByLowWord;
    private int freeCount;
    private int entries;
    private int rover;
    private int counter = 1;
    private long now;
    private boolean started;
    private long nextCheck;

    /**
     * @param capacity        the most entries it holds
     * @param maxSize         the soft maximum above which the periodic check collects entries
     * @param expirationNanos the age at which the full check drops an entry
     * @param onRemoved       told the slot of every entry dropped, so its owner can clear what it keeps there
     */
    LocalityTable(int capacity, int maxSize, long expirationNanos, IntConsumer onRemoved) {
        if (capacity < 1 || maxSize < 1 || expirationNanos <= 0) {
            throw new IllegalArgumentException("locality table capacity " + capacity + ", maximum " + maxSize
                    + " and expiration " + expirationNanos + " ns must be positive");
        }
        this.capacity = capacity;
        this.maxSize = maxSize;
        this.expirationNanos = expirationNanos;
        this.onRemoved = onRemoved;
        this.high = new long[capacity];
        this.low = new long[capacity];
        this.lastUse = new long[capacity];
        this.nextInChain = new int[capacity];
        this.used = new boolean[capacity];
        this.free = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            free[i] = capacity - 1 - i;
        }
        this.freeCount = capacity;
        // Twice the capacity at load factor 0.5 never reaches the resize threshold.
        this.chainByLowWord = new Long2LongHashMap(capacity * 2, 0.5f, NONE);
    }

    int capacity() {
        return capacity;
    }

    int size() {
        return entries;
    }

    /** The time of the last {@link #tick}. */
    long now() {
        return now;
    }

    long expirationNanos() {
        return expirationNanos;
    }

    /** The slot of address (high, low), or -1. */
    int find(long addressHigh, long addressLow) {
        for (long s = chainByLowWord.get(addressLow); s != NONE; s = nextInChain[(int) s]) {
            if (high[(int) s] == addressHigh) {
                return (int) s;
            }
        }
        return -1;
    }

    /** A new entry for address (high, low), used now; -1 when the table is full. */
    int add(long addressHigh, long addressLow) {
        if (freeCount == 0) {
            return -1;
        }
        int s = free[--freeCount];
        high[s] = addressHigh;
        low[s] = addressLow;
        lastUse[s] = now;
        used[s] = true;
        long head = chainByLowWord.get(addressLow);
        nextInChain[s] = (int) head;
        chainByLowWord.put(addressLow, s);
        entries++;
        return s;
    }

    /** Marks the entry in {@code slot} used now. */
    void touch(int slot) {
        lastUse[slot] = now;
    }

    /** Advances the clock and runs the periodic check when it is due. */
    void tick(long nowNanos) {
        now = nowNanos;
        if (!started) {
            started = true;
            nextCheck = nowNanos + CHECK_EXPIRE_INTERVAL_NANOS;
            return;
        }
        if (nowNanos - nextCheck >= 0) {
            checkExpire();
            nextCheck = nowNanos + CHECK_EXPIRE_INTERVAL_NANOS;
        }
    }

    /** {@code ip_vs_lblc_check_expire}. */
    private void checkExpire() {
        if (counter % COUNT_FOR_FULL_EXPIRATION == 0) {
            dropOlderThan(expirationNanos, Integer.MAX_VALUE);
            counter = 1;
            return;
        }
        if (entries <= maxSize) {
            counter++;
            return;
        }
        int goal = Math.min((entries - maxSize) * 4 / 3, maxSize / 2);
        dropOlderThan(ENTRY_TIMEOUT_NANOS, goal);
    }

    /** Walks the slots from after the rover, dropping entries unused for {@code age}, until {@code goal} are gone. */
    private void dropOlderThan(long age, int goal) {
        int j = rover;
        for (int i = 0; i < capacity; i++) {
            j = (j + 1) % capacity;
            if (used[j] && now - (lastUse[j] + age) >= 0) {
                remove(j);
                if (--goal <= 0) {
                    break;
                }
            }
        }
        rover = j;
    }

    private void remove(int slot) {
        long key = low[slot];
        int head = (int) chainByLowWord.get(key);
        if (head == slot) {
            if (nextInChain[slot] < 0) {
                chainByLowWord.remove(key);
            } else {
                chainByLowWord.put(key, nextInChain[slot]);
            }
        } else {
            int s = head;
            while (nextInChain[s] != slot) {
                s = nextInChain[s];
            }
            nextInChain[s] = nextInChain[slot];
        }
        used[slot] = false;
        free[freeCount++] = slot;
        entries--;
        onRemoved.accept(slot);
    }
}
