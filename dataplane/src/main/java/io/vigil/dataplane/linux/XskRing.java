package io.vigil.dataplane.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * One AF_XDP ring (fill, completion, RX or TX) in a mapped {@link MemorySegment}: a 32-bit producer and consumer
 * index, a flags word and {@code size} entries (a power of two) of 8 bytes (fill, completion: a UMEM address) or
 * 16 (RX, TX: {@code struct xdp_desc}). The indexes run freely and wrap at 2^32; an entry's slot is
 * {@code index & (size - 1)}.
 *
 * <p>Ordering, as the kernel expects (Documentation/networking/af_xdp.rst, xsk_queue.h): the side that produces
 * writes its entries, then publishes the producer index with release semantics; the other side reads the producer
 * index with acquire semantics before it reads the entries, and hands them back by publishing the consumer index
 * with release semantics. This class caches the other side's index and re-reads it only when the cache says the
 * ring is full (producing) or empty (consuming).
 *
 * <p>Thread safety: one owner thread (the port's worker) per ring; the kernel is the other side.
 */
public final class XskRing {

    private static final VarHandle INDEX = JAVA_INT.varHandle();
    /** XDP_RING_NEED_WAKEUP, linux/if_xdp.h. */
    static final int NEED_WAKEUP = 1;

    private final MemorySegment memory;
    private final long producerOffset;
    private final long consumerOffset;
    private final long flagsOffset;
    private final long descOffset;
    private final int size;
    private final int mask;
    private final int entrySize;
    /** Our side's index, ahead of the published one while producing. */
    private int local;
    /** The other side's index as last read. */
    private int cached;

    /**
     * @param memory    the mapping
     * @param offsets   producer, consumer, desc, flags (from XDP_MMAP_OFFSETS)
     * @param size      entries, a power of two
     * @param entrySize 8 or 16
     * @param producing true for fill and TX (user space produces), false for RX and completion
     */
    XskRing(MemorySegment memory, long[] offsets, int size, int entrySize, boolean producing) {
        if (Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("ring size " + size + ", expected a power of two");
        }
        this.memory = memory;
        this.producerOffset = offsets[0];
        this.consumerOffset = offsets[1];
        this.descOffset = offsets[2];
        this.flagsOffset = offsets[3];
        this.size = size;
        this.mask = size - 1;
        this.entrySize = entrySize;
        this.local = producing ? (int) INDEX.getAcquire(memory, producerOffset) : (int) INDEX.getAcquire(memory, consumerOffset);
        this.cached = producing ? (int) INDEX.getAcquire(memory, consumerOffset) : (int) INDEX.getAcquire(memory, producerOffset);
    }

    /** Entries between two free-running indexes, {@code producer - consumer} modulo 2^32. */
    static int used(int producer, int consumer) {
        return producer - consumer;
    }

    /** Slots a producer at {@code producer} may still fill when the consumer is at {@code consumer}. */
    static int free(int size, int producer, int consumer) {
        return size - used(producer, consumer);
    }

    /** Byte offset of the entry for free-running {@code index}. */
    long entryOffset(int index) {
        return descOffset + (long) (index & mask) * entrySize;
    }

    // ------------------------------------------------------------------ producing (fill, TX)

    /**
     * Claims the next slot; returns its byte offset in the mapping, or -1 when the ring is full. The slot becomes
     * the kernel's at the next {@link #publish()}.
     */
    public long claim() {
        if (free(size, local, cached) == 0) {
            cached = (int) INDEX.getAcquire(memory, consumerOffset);
            if (free(size, local, cached) == 0) {
                return -1;
            }
        }
        return entryOffset(local++);
    }

    /** Slots that {@link #claim()} would give without re-reading the consumer. */
    public int freeSlots() {
        cached = (int) INDEX.getAcquire(memory, consumerOffset);
        return free(size, local, cached);
    }

    /** Hands every claimed slot to the kernel: the producer index with release semantics. */
    public void publish() {
        INDEX.setRelease(memory, producerOffset, local);
    }

    /** Claimed slots not yet published. */
    public int unpublished() {
        return used(local, (int) INDEX.getOpaque(memory, producerOffset));
    }

    // ------------------------------------------------------------------ consuming (RX, completion)

    /** Entries ready to read, at most {@code max}; reads the producer index with acquire semantics when needed. */
    public int available(int max) {
        int ready = used(cached, local);
        if (ready == 0) {
            cached = (int) INDEX.getAcquire(memory, producerOffset);
            ready = used(cached, local);
        }
        return Math.min(ready, max);
    }

    /** Byte offset of the {@code i}-th ready entry (0 ≤ i < {@link #available}). */
    public long readyEntry(int i) {
        return entryOffset(local + i);
    }

    /** Gives {@code n} read entries back: the consumer index with release semantics. */
    public void release(int n) {
        local += n;
        INDEX.setRelease(memory, consumerOffset, local);
    }

    // ------------------------------------------------------------------ both

    /** Whether the kernel asks for a wakeup (XDP_USE_NEED_WAKEUP): a sendto for TX, a poll for fill. */
    public boolean needsWakeup() {
        return ((int) INDEX.getOpaque(memory, flagsOffset) & NEED_WAKEUP) != 0;
    }

    /** The mapping. */
    public MemorySegment memory() {
        return memory;
    }

    public int size() {
        return size;
    }
}
