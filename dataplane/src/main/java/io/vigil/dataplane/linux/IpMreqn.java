package io.vigil.dataplane.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.net.Inet4Address;

/**
 * {@code struct ip_mreqn} (netinet/in.h), 12 bytes, for IP_ADD_MEMBERSHIP, IP_DROP_MEMBERSHIP and IP_MULTICAST_IF:
 * <pre>
 *  0                4                8           12
 * +----------------+----------------+-----------+
 * | multiaddr (BE) | address (BE)   | ifindex   |
 * +----------------+----------------+-----------+
 * </pre>
 */
final class IpMreqn {

    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            NetworkOrder.U32.withName("imr_multiaddr"),
            NetworkOrder.U32.withName("imr_address"),
            JAVA_INT.withName("imr_ifindex"));

    static final long MULTIADDR = LAYOUT.byteOffset(groupElement("imr_multiaddr"));
    static final long ADDRESS = LAYOUT.byteOffset(groupElement("imr_address"));
    static final long IFINDEX = LAYOUT.byteOffset(groupElement("imr_ifindex"));

    private IpMreqn() {
    }

    /** Group {@code group} (or none when null) on {@code ifindex}, with no local address. */
    static void write(MemorySegment s, Inet4Address group, int ifindex) {
        s.asSlice(0, LAYOUT.byteSize()).fill((byte) 0);
        if (group != null) {
            MemorySegment.copy(MemorySegment.ofArray(group.getAddress()), 0, s, MULTIADDR, 4);
        }
        s.set(JAVA_INT, IFINDEX, ifindex);
    }
}
