package io.vigil.dataplane.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * {@code struct sockaddr_ll} (linux/if_packet.h), 20 bytes:
 * <pre>
 *  0      2        4         8        10      11     12              20
 * +------+--------+---------+--------+-------+------+---------------+
 * |family|protocol| ifindex | hatype |pkttype|halen | addr[8]       |
 * +------+--------+---------+--------+-------+------+---------------+
 *  host   BE       host      host
 * </pre>
 */
final class SockaddrLl {

    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sll_family"),
            NetworkOrder.U16.withName("sll_protocol"),
            JAVA_INT.withName("sll_ifindex"),
            JAVA_SHORT.withName("sll_hatype"),
            JAVA_BYTE.withName("sll_pkttype"),
            JAVA_BYTE.withName("sll_halen"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sll_addr"));

    static final long FAMILY = LAYOUT.byteOffset(groupElement("sll_family"));
    static final long PROTOCOL = LAYOUT.byteOffset(groupElement("sll_protocol"));
    static final long IFINDEX = LAYOUT.byteOffset(groupElement("sll_ifindex"));
    static final long HATYPE = LAYOUT.byteOffset(groupElement("sll_hatype"));
    static final long PKTTYPE = LAYOUT.byteOffset(groupElement("sll_pkttype"));
    static final long HALEN = LAYOUT.byteOffset(groupElement("sll_halen"));
    static final long ADDR = LAYOUT.byteOffset(groupElement("sll_addr"));

    private SockaddrLl() {
    }

    /** Writes AF_PACKET, the Ethernet protocol and the ifindex, with no hardware address (for bind). */
    static void write(MemorySegment s, int ethernetProtocol, int ifindex) {
        s.asSlice(0, LAYOUT.byteSize()).fill((byte) 0);
        s.set(JAVA_SHORT, FAMILY, (short) SocketOptions.AF_PACKET);
        s.set(NetworkOrder.U16, PROTOCOL, (short) ethernetProtocol);
        s.set(JAVA_INT, IFINDEX, ifindex);
    }

    /** Sets a 6-byte Ethernet destination copied from {@code source} at {@code offset} (for sendto). */
    static void setEthernetAddress(MemorySegment s, MemorySegment source, long offset) {
        s.set(JAVA_BYTE, HALEN, (byte) 6);
        MemorySegment.copy(source, offset, s, ADDR, 6);
    }
}
