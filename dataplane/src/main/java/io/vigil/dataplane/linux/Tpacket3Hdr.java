package io.vigil.dataplane.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * {@code struct tpacket3_hdr} (linux/if_packet.h), 48 bytes before each frame in a TPACKET_V3 block, followed by a
 * {@code sockaddr_ll} at {@link #SOCKADDR_LL} (TPACKET_ALIGN(48)). The frame itself starts at {@code tp_mac}.
 * <pre>
 *  0            4       8        12          16      20          24     26     28       32          36        40          48
 * +------------+-------+--------+-----------+-------+-----------+------+------+--------+-----------+---------+-----------+
 * |next_offset |sec    |nsec    |snaplen    |len    |status     |mac   |net   |rxhash  |vlan_tci   |vlan_tpid| padding   |
 * +------------+-------+--------+-----------+-------+-----------+------+------+--------+-----------+---------+-----------+
 * </pre>
 */
final class Tpacket3Hdr {

    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("tp_next_offset"),
            JAVA_INT.withName("tp_sec"),
            JAVA_INT.withName("tp_nsec"),
            JAVA_INT.withName("tp_snaplen"),
            JAVA_INT.withName("tp_len"),
            JAVA_INT.withName("tp_status"),
            JAVA_SHORT.withName("tp_mac"),
            JAVA_SHORT.withName("tp_net"),
            JAVA_INT.withName("tp_rxhash"),
            JAVA_INT.withName("tp_vlan_tci"),
            JAVA_SHORT.withName("tp_vlan_tpid"),
            JAVA_SHORT.withName("tp_padding_hv1"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("tp_padding"));

    static final long NEXT_OFFSET = LAYOUT.byteOffset(groupElement("tp_next_offset"));
    static final long SEC = LAYOUT.byteOffset(groupElement("tp_sec"));
    static final long NSEC = LAYOUT.byteOffset(groupElement("tp_nsec"));
    static final long SNAPLEN = LAYOUT.byteOffset(groupElement("tp_snaplen"));
    static final long LEN = LAYOUT.byteOffset(groupElement("tp_len"));
    static final long STATUS = LAYOUT.byteOffset(groupElement("tp_status"));
    static final long MAC = LAYOUT.byteOffset(groupElement("tp_mac"));
    static final long NET = LAYOUT.byteOffset(groupElement("tp_net"));
    static final long VLAN_TCI = LAYOUT.byteOffset(groupElement("tp_vlan_tci"));
    /** Where the frame's sockaddr_ll starts: TPACKET_ALIGN(sizeof(struct tpacket3_hdr)), TPACKET_ALIGNMENT = 16. */
    static final long SOCKADDR_LL = (LAYOUT.byteSize() + 15) & ~15L;

    private Tpacket3Hdr() {
    }
}
