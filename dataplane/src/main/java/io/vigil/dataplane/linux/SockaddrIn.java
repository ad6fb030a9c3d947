package io.vigil.dataplane.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * {@code struct sockaddr_in} (netinet/in.h), 16 bytes:
 * <pre>
 *  0      2      4             8                16
 * +------+------+-------------+----------------+
 * |family| port |   address   |  zero (8 bytes)|
 * +------+------+-------------+----------------+
 *  host   BE     BE
 * </pre>
 */
final class SockaddrIn {

    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin_family"),
            NetworkOrder.U16.withName("sin_port"),
            NetworkOrder.U32.withName("sin_addr"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sin_zero"));

    static final long FAMILY = LAYOUT.byteOffset(groupElement("sin_family"));
    static final long PORT = LAYOUT.byteOffset(groupElement("sin_port"));
    static final long ADDRESS = LAYOUT.byteOffset(groupElement("sin_addr"));

    private SockaddrIn() {
    }

    /** Writes AF_INET, {@code address} and {@code port} and zeroes the padding. */
    static void write(MemorySegment s, Inet4Address address, int port) {
        s.asSlice(0, LAYOUT.byteSize()).fill((byte) 0);
        s.set(JAVA_SHORT, FAMILY, (short) SocketOptions.AF_INET);
        s.set(NetworkOrder.U16, PORT, (short) port);
        MemorySegment.copy(MemorySegment.ofArray(address.getAddress()), 0, s, ADDRESS, 4);
    }

    /**
     * Writes AF_INET, the address {@code addressBits} (a.b.c.d is {@code a << 24 | ...}) and {@code port}, and
     * zeroes the padding; allocates nothing, for the packet path.
     */
    static void write(MemorySegment s, int addressBits, int port) {
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, LAYOUT.byteOffset(groupElement("sin_zero")), 0L);
        s.set(JAVA_SHORT, FAMILY, (short) SocketOptions.AF_INET);
        s.set(NetworkOrder.U16, PORT, (short) port);
        s.set(NetworkOrder.U32, ADDRESS, addressBits);
    }

    /** The address as a host-order int (a.b.c.d is {@code a << 24 | ...}). */
    static int addressBits(MemorySegment s) {
        return s.get(NetworkOrder.U32, ADDRESS);
    }

    static Inet4Address address(MemorySegment s) {
        byte[] bytes = s.asSlice(ADDRESS, 4).toArray(JAVA_BYTE);
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes are always an IPv4 address", e);
        }
    }
}
