package io.vigil.dataplane.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/** {@code struct tpacket_req} (linux/if_packet.h), 16 bytes: the PACKET_RX_RING / PACKET_TX_RING request for TPACKET_V2. */
final class TpacketReq {

    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("tp_block_size"),
            JAVA_INT.withName("tp_block_nr"),
            JAVA_INT.withName("tp_frame_size"),
            JAVA_INT.withName("tp_frame_nr"));

    static final long BLOCK_SIZE = LAYOUT.byteOffset(groupElement("tp_block_size"));
    static final long BLOCK_NR = LAYOUT.byteOffset(groupElement("tp_block_nr"));
    static final long FRAME_SIZE = LAYOUT.byteOffset(groupElement("tp_frame_size"));
    static final long FRAME_NR = LAYOUT.byteOffset(groupElement("tp_frame_nr"));

    private TpacketReq() {
    }

    /** A ring request; {@code frame_nr} is derived from the block geometry as the kernel requires. */
    static void write(MemorySegment s, int blockSize, int blockCount, int frameSize) {
        s.set(JAVA_INT, BLOCK_SIZE, blockSize);
        s.set(JAVA_INT, BLOCK_NR, blockCount);
        s.set(JAVA_INT, FRAME_SIZE, frameSize);
        s.set(JAVA_INT, FRAME_NR, blockSize / frameSize * blockCount);
    }
}
