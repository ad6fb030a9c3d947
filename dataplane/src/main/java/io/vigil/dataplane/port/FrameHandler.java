package io.vigil.dataplane.port;

import java.lang.foreign.MemorySegment;

/**
 * Receives frames from {@link PacketPort#receive}. The frame is valid only during the call; the handler may
 * rewrite it in place and transmit it (on this or another port) before returning. Must not allocate.
 */
@FunctionalInterface
public interface FrameHandler {

    /**
     * A flag: the frame's TCP or UDP checksum is only partial (the sending host offloaded it, as veth and virtio
     * do); a frame sent on must get its checksum computed in full.
     */
    int CHECKSUM_PENDING = 1;

    /**
     * One received Ethernet frame.
     *
     * @param memory     the memory holding it (a ring block)
     * @param offset     where the frame (the Ethernet header) starts in {@code memory}
     * @param length     its length in bytes
     * @param packetType the kernel's {@code PACKET_HOST}, {@code PACKET_BROADCAST}, ... (linux/if_packet.h)
     * @param flags      {@link #CHECKSUM_PENDING} or 0
     */
    void onFrame(MemorySegment memory, long offset, int length, int packetType, int flags);
}
