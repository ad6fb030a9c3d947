package io.vigil.dataplane.forward;

import java.util.function.IntToLongFunction;
import org.agrona.BitUtil;

/**
 * An open-addressing hash index from a key to a connection-table slot: linear probing over one int array of at
 * least twice as many cells as entries, so a probe ends quickly at an empty cell. Keys live in the table; the
 * index holds only slots (plus one, 0 is empty), so the caller walks the probe sequence and compares keys itself.
 * Removal is backward-shift deletion (Knuth, TAOCP vol. 3, 6.4, Algorithm R): no tombstones, so deletions never
 * lengthen later probes. Allocates only at construction. Owned by the table's thread.
 */
final class SlotIndex {

    private final int[] cells;
    private final int mask;
    private final IntToLongFunction hashOfSlot;

    /**
     * @param entries    the most slots it will hold
     * @param hashOfSlot the hash of the key of a slot it holds (used to move entries back on removal)
     */
    SlotIndex(int entries, IntToLongFunction hashOfSlot) {
        int size = BitUtil.findNextPositivePowerOfTwo(Math.max(16, 2 * entries));
        this.cells = new int[size];
        this.mask = size - 1;
        this.hashOfSlot = hashOfSlot;
    }

    /** The first cell of the probe sequence of {@code hash}. */
    int home(long hash) {
        return (int) hash & mask;
    }

    /** The cell after {@code cell}. */
    int next(int cell) {
        return (cell + 1) & mask;
    }

    /** The slot in {@code cell}, or -1 when it is empty (the probe sequence ends). */
    int slotAt(int cell) {
        return cells[cell] - 1;
    }

    void insert(int slot, long hash) {
        int cell = home(hash);
        while (cells[cell] != 0) {
            cell = next(cell);
        }
        cells[cell] = slot + 1;
    }

    /** Removes {@code slot}, whose key hashes to {@code hash}. */
    void remove(int slot, long hash) {
        int hole = home(hash);
        while (cells[hole] != slot + 1) {
            if (cells[hole] == 0) {
                throw new IllegalStateException("slot " + slot + " is not in the index");
            }
            hole = next(hole);
        }
        int cell = hole;
        while (true) {
            cell = next(cell);
            int held = cells[cell];
            if (held == 0) {
                break;
            }
            int wants = home(hashOfSlot.applyAsLong(held - 1));
            boolean reachable = hole <= cell ? hole < wants && wants <= cell : hole < wants || wants <= cell;
            if (!reachable) {
                cells[hole] = held;
                hole = cell;
            }
        }
        cells[hole] = 0;
    }
}
