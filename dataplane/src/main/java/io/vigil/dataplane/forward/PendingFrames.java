package io.vigil.dataplane.forward;

import io.vigil.dataplane.api.DropReason;
import io.vigil.dataplane.packet.EthernetFrame;
import io.vigil.dataplane.port.PacketPort;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * Frames waiting for their next hop's MAC, as the kernel queues packets while ARP or neighbour discovery runs
 * ({@code arp_queue}): a first packet to a new real server or client is delayed by the resolution, not lost. A fixed
 * number of slots, copied into memory allocated once; when every slot is taken, or a frame waited
 * {@link #MAX_WAIT_NANOS}, it is dropped as {@link DropReason#NEIGHBOUR_UNRESOLVED}.
 *
 * <p>Threading: owned by the worker.
 */
public final class PendingFrames {

    /** Frames held at most. */
    public static final int SLOTS = 64;
    /** Longest wait for a resolution (the kernel's default is 3 probes a second apart). */
    public static final long MAX_WAIT_NANOS = 3_000_000_000L;
    private static final int SLOT_BYTES = 2048;

    private final MemorySegment memory = Arena.ofAuto().allocate((long) SLOTS * SLOT_BYTES, 64);
    private final long[] highs = new long[SLOTS];
    private final long[] lows = new long[SLOTS];
    private final int[] lengths = new int[SLOTS];
    private final long[] since = new long[SLOTS];
    private final EthernetFrame ethernet = new EthernetFrame();
    private final DropCounters drops;
    private int held;

    public PendingFrames(DropCounters drops) {
        this.drops = drops;
    }

    /** Holds a copy of the frame until (high, low) resolves; false (and counted) when it cannot be held. */
    public boolean hold(MemorySegment frame, long offset, int length, long high, long low, long nowNanos) {
        if (length > SLOT_BYTES) {
            drops.count(DropReason.NEIGHBOUR_UNRESOLVED);
            return false;
        }
        for (int i = 0; i < SLOTS; i++) {
            if (lengths[i] == 0) {
                MemorySegment.copy(frame, offset, memory, (long) i * SLOT_BYTES, length);
                highs[i] = high;
                lows[i] = low;
                lengths[i] = length;
                since[i] = nowNanos;
                held++;
                return true;
            }
        }
        drops.count(DropReason.NEIGHBOUR_UNRESOLVED);
        return false;
    }

    /** Frames held now. */
    public int held() {
        return held;
    }

    /** Sends every frame whose next hop is now known; drops those that waited too long. Returns how many were sent. */
    public int release(NextHopTable nextHops, Int2ObjectHashMap<PacketPort> ports, long nowNanos) {
        if (held == 0) {
            return 0;
        }
        int sent = 0;
        for (int i = 0; i < SLOTS; i++) {
            if (lengths[i] == 0) {
                continue;
            }
            NextHop hop = nextHops.nextHop(highs[i], lows[i]);
            if (hop != null) {
                PacketPort port = ports.get(hop.ifIndex());
                long at = (long) i * SLOT_BYTES;
                ethernet.wrap(memory, at);
                ethernet.destinationMac(hop.dstMac());
                ethernet.sourceMac(hop.srcMac());
                if (port != null && port.transmit(memory, at, lengths[i])) {
                    sent++;
                } else {
                    drops.count(port == null ? DropReason.NO_ROUTE : DropReason.TX_FULL);
                }
                free(i);
            } else if (nowNanos - since[i] > MAX_WAIT_NANOS) {
                drops.count(DropReason.NEIGHBOUR_UNRESOLVED);
                free(i);
            }
        }
        return sent;
    }

    private void free(int i) {
        lengths[i] = 0;
        held--;
    }
}
