package io.vigil.dataplane.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * {@code struct tpacket_block_desc} with its {@code tpacket_hdr_v1} (linux/if_packet.h), 48 bytes at the start of
 * every TPACKET_V3 block:
 * <pre>
 *  0        4               8             12        16                  20       24        32         40        48
 * +--------+---------------+-------------+---------+-------------------+--------+---------+----------+---------+
 * |version |offset_to_priv |block_status |num_pkts |offset_to_first_pkt|blk_len | seq_num |ts_first  |ts_last  |
 * +--------+---------------+-------------+---------+-------------------+--------+---------+----------+---------+
 * </pre>
 * block_status is the handshake word: read it with acquire and write it with release semantics.
 */
final class TpacketBlockDesc {

    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("version"),
            JAVA_INT.withName("offset_to_priv"),
            JAVA_INT.withName("block_status"),
            JAVA_INT.withName("num_pkts"),
            JAVA_INT.withName("offset_to_first_pkt"),
            JAVA_INT.withName("blk_len"),
            JAVA_LONG.withName("seq_num"),
            JAVA_INT.withName("ts_first_pkt_sec"),
            JAVA_INT.withName("ts_first_pkt_nsec"),
            JAVA_INT.withName("ts_last_pkt_sec"),
            JAVA_INT.withName("ts_last_pkt_nsec"));

    static final long VERSION = LAYOUT.byteOffset(groupElement("version"));
    static final long BLOCK_STATUS = LAYOUT.byteOffset(groupElement("block_status"));
    static final long NUM_PKTS = LAYOUT.byteOffset(groupElement("num_pkts"));
    static final long OFFSET_TO_FIRST_PKT = LAYOUT.byteOffset(groupElement("offset_to_first_pkt"));
    static final long BLK_LEN = LAYOUT.byteOffset(groupElement("blk_len"));
    static final long SEQ_NUM = LAYOUT.byteOffset(groupElement("seq_num"));
    static final long TS_LAST_PKT = LAYOUT.byteOffset(groupElement("ts_last_pkt_sec"));

    private TpacketBlockDesc() {
    }
}
