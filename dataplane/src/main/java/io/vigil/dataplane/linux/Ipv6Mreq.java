package io.vigil.dataplane.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.net.Inet6Address;

/**
 * {@code struct ipv6_mreq} (netinet/in.h, RFC 3493 §5.2), 20 bytes: a 16-byte group address, then the int ifindex.
 */
final class Ipv6Mreq {

    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("ipv6mr_multiaddr"),
            JAVA_INT.withName("ipv6mr_interface"));

    static final long MULTIADDR = LAYOUT.byteOffset(groupElement("ipv6mr_multiaddr"));
    static final long INTERFACE = LAYOUT.byteOffset(groupElement("ipv6mr_interface"));

    private Ipv6Mreq() {
    }

    static void write(MemorySegment s, Inet6Address group, int ifindex) {
        MemorySegment.copy(MemorySegment.ofArray(group.getAddress()), 0, s, MULTIADDR, 16);
        s.set(JAVA_INT, INTERFACE, ifindex);
    }
}
