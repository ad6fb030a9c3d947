package io.vigil.dataplane.linux;

import java.lang.foreign.MemorySegment;

/**
 * Receives the frames of one ring read from {@link PacketRing#read}. The frame is {@code length} bytes of
 * {@code ring} at {@code offset}, Ethernet header first; it is valid only during the call (the block or slot goes
 * back to the kernel afterwards). Passing the ring and an offset instead of a slice keeps the read path allocation-free.
 */
@FunctionalInterface
public interface FrameVisitor {

    /**
     * @param ring       the mapped ring
     * @param offset     where the frame (destination MAC) starts in {@code ring}
     * @param length     captured bytes (tp_snaplen)
     * @param packetType sll_pkttype: {@link PacketSocketOptions#PACKET_HOST}, BROADCAST, MULTICAST, OTHERHOST
     * @param ifindex    the interface the frame arrived on
     */
    void onFrame(MemorySegment ring, long offset, int length, int packetType, int ifindex, int status);
}
