package io.vigil.dataplane.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/** {@code struct tpacket_req3} (linux/if_packet.h), 28 bytes: the PACKET_RX_RING / PACKET_TX_RING request. */
final class TpacketReq3 {

    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("tp_block_size"),
            JAVA_INT.withName("tp_block_nr"),
            JAVA_INT.withName("tp_frame_size"),
            JAVA_INT.withName("tp_frame_nr"),
            JAVA_INT.withName("tp_retire_blk_tov"),
            JAVA_INT.withName("tp_sizeof_priv"),
            JAVA_INT.withName("tp_feature_req_word"));

    static final long BLOCK_SIZE = LAYOUT.byteOffset(groupElement("tp_block_size"));
    static final long BLOCK_NR = LAYOUT.byteOffset(groupElement("tp_block_nr"));
    static final long FRAME_SIZE = LAYOUT.byteOffset(groupElement("tp_frame_size"));
    static final long FRAME_NR = LAYOUT.byteOffset(groupElement("tp_frame_nr"));
    static final long RETIRE_BLK_TOV = LAYOUT.byteOffset(groupElement("tp_retire_blk_tov"));
    static final long SIZEOF_PRIV = LAYOUT.byteOffset(groupElement("tp_sizeof_priv"));
    static final long FEATURE_REQ_WORD = LAYOUT.byteOffset(groupElement("tp_feature_req_word"));

    private TpacketReq3() {
    }

    /**
     * A TX ring request: for TPACKET_V3 the kernel requires retire_blk_tov, sizeof_priv and feature_req_word to be 0
     * (ffm-feasibility Q6).
     */
    static void writeTx(MemorySegment s, int blockSize, int blockCount, int frameSize) {
        writeRx(s, blockSize, blockCount, frameSize, 0);
    }

    /** An RX ring request; {@code frame_nr} is derived from the block geometry as the kernel requires. */
    static void writeRx(MemorySegment s, int blockSize, int blockCount, int frameSize, int retireBlockTimeoutMillis) {
        TpacketReq.write(s, blockSize, blockCount, frameSize); // tpacket_req3 begins with tpacket_req's fields
        s.set(JAVA_INT, RETIRE_BLK_TOV, retireBlockTimeoutMillis);
        s.set(JAVA_INT, SIZEOF_PRIV, 0);
        s.set(JAVA_INT, FEATURE_REQ_WORD, 0);
    }
}
