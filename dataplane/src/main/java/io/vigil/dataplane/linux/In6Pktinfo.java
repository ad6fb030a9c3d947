package io.vigil.dataplane.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/** {@code struct in6_pktinfo} (netinet/in.h, RFC 3542 §6.1), 20 bytes: destination address @0, ifindex @16. */
final class In6Pktinfo {

    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("ipi6_addr"),
            JAVA_INT.withName("ipi6_ifindex"));

    static final long ADDR = LAYOUT.byteOffset(groupElement("ipi6_addr"));
    static final long IFINDEX = LAYOUT.byteOffset(groupElement("ipi6_ifindex"));

    private In6Pktinfo() {
    }
}
