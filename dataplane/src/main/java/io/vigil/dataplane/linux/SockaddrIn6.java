package io.vigil.dataplane.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.net.Inet6Address;

/**
 * {@code struct sockaddr_in6} (netinet/in.h, RFC 3493 §3.3), 28 bytes:
 * <pre>
 *  0      2      4          8                      24         28
 * +------+------+----------+----------------------+----------+
 * |family| port | flowinfo |  address (16 bytes)  | scope id |
 * +------+------+----------+----------------------+----------+
 *  host   BE     BE                                 host (ifindex)
 * </pre>
 */
final class SockaddrIn6 {

    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin6_family"),
            NetworkOrder.U16.withName("sin6_port"),
            NetworkOrder.U32.withName("sin6_flowinfo"),
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("sin6_addr"),
            JAVA_INT.withName("sin6_scope_id"));

    static final long FAMILY = LAYOUT.byteOffset(groupElement("sin6_family"));
    static final long PORT = LAYOUT.byteOffset(groupElement("sin6_port"));
    static final long FLOWINFO = LAYOUT.byteOffset(groupElement("sin6_flowinfo"));
    static final long ADDRESS = LAYOUT.byteOffset(groupElement("sin6_addr"));
    static final long SCOPE_ID = LAYOUT.byteOffset(groupElement("sin6_scope_id"));

    private SockaddrIn6() {
    }

    /** Writes AF_INET6, {@code address}, {@code port} and {@code scopeId} (the ifindex for link-local scope). */
    static void write(MemorySegment s, Inet6Address address, int port, int scopeId) {
        s.asSlice(0, LAYOUT.byteSize()).fill((byte) 0);
        s.set(JAVA_SHORT, FAMILY, (short) SocketOptions.AF_INET6);
        s.set(NetworkOrder.U16, PORT, (short) port);
        MemorySegment.copy(MemorySegment.ofArray(address.getAddress()), 0, s, ADDRESS, 16);
        s.set(JAVA_INT, SCOPE_ID, scopeId);
    }
}
