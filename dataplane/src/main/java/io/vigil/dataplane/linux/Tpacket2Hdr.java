package io.vigil.dataplane.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * {@code struct tpacket2_hdr} (linux/if_packet.h), 32 bytes at the start of each TPACKET_V2 frame slot, followed by
 * a {@code sockaddr_ll} at {@link #SOCKADDR_LL} (TPACKET_ALIGN(32)). A received frame starts at {@code tp_mac}; a
 * transmitted one at {@link #SOCKADDR_LL} too (tp_hdrlen - sizeof(sockaddr_ll), af_packet.c, without
 * PACKET_TX_HAS_OFF).
 * <pre>
 *  0          4       8          12    14    16     20     24         26         28        32
 * +----------+-------+----------+-----+-----+------+------+----------+----------+---------+
 * |status    |len    |snaplen   |mac  |net  |sec   |nsec  |vlan_tci  |vlan_tpid |padding  |
 * +----------+-------+----------+-----+-----+------+------+----------+----------+---------+
 * </pre>
 */
final class Tpacket2Hdr {

    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("tp_status"),
            JAVA_INT.withName("tp_len"),
            JAVA_INT.withName("tp_snaplen"),
            JAVA_SHORT.withName("tp_mac"),
            JAVA_SHORT.withName("tp_net"),
            JAVA_INT.withName("tp_sec"),
            JAVA_INT.withName("tp_nsec"),
            JAVA_SHORT.withName("tp_vlan_tci"),
            JAVA_SHORT.withName("tp_vlan_tpid"),
            MemoryLayout.sequenceLayout(4, JAVA_BYTE).withName("tp_padding"));

    static final long STATUS = LAYOUT.byteOffset(groupElement("tp_status"));
    static final long LEN = LAYOUT.byteOffset(groupElement("tp_len"));
    static final long SNAPLEN = LAYOUT.byteOffset(groupElement("tp_snaplen"));
    static final long MAC = LAYOUT.byteOffset(groupElement("tp_mac"));
    static final long NET = LAYOUT.byteOffset(groupElement("tp_net"));
    static final long SEC = LAYOUT.byteOffset(groupElement("tp_sec"));
    static final long NSEC = LAYOUT.byteOffset(groupElement("tp_nsec"));
    static final long VLAN_TCI = LAYOUT.byteOffset(groupElement("tp_vlan_tci"));
    static final long VLAN_TPID = LAYOUT.byteOffset(groupElement("tp_vlan_tpid"));
    /** Where the frame's sockaddr_ll starts: TPACKET_ALIGN(sizeof(struct tpacket2_hdr)), TPACKET_ALIGNMENT = 16. */
    static final long SOCKADDR_LL = (LAYOUT.byteSize() + 15) & ~15L;

    private Tpacket2Hdr() {
    }
}
