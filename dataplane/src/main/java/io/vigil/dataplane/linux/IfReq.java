package io.vigil.dataplane.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;

/**
 * {@code struct ifreq} (net/if.h, x86_64), 40 bytes: the interface name in 16 bytes, then the {@code ifr_ifru}
 * union, of which Vigil uses {@code ifr_hwaddr} (a sockaddr: family @16, sa_data @18, for SIOCGIFHWADDR) and
 * {@code ifr_flags} (a short @16, for TUNSETIFF), padded to its largest member ({@code struct ifmap}, 24 bytes).
 * <pre>
 *  0                16        18                          40
 * +----------------+---------+---------------------------+
 * | ifr_name       | family  | sa_data ...               |  ifr_hwaddr
 * |                | flags   |                           |  ifr_flags
 * +----------------+---------+---------------------------+
 * </pre>
 */
final class IfReq {

    /** SIOCGIFHWADDR, linux/sockios.h: get the interface's hardware address. */
    static final long SIOCGIFHWADDR = 0x8927;

    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(Libc.IF_NAMESIZE, JAVA_BYTE).withName("ifr_name"),
            MemoryLayout.unionLayout(
                    MemoryLayout.structLayout(
                            JAVA_SHORT.withName("sa_family"),
                            MemoryLayout.sequenceLayout(14, JAVA_BYTE).withName("sa_data")).withName("ifr_hwaddr"),
                    JAVA_SHORT.withName("ifr_flags"),
                    MemoryLayout.sequenceLayout(24, JAVA_BYTE).withName("ifr_map")).withName("ifr_ifru"));

    static final long NAME = LAYOUT.byteOffset(groupElement("ifr_name"));
    static final long HWADDR_FAMILY = LAYOUT.byteOffset(groupElement("ifr_ifru"), groupElement("ifr_hwaddr"),
            groupElement("sa_family"));
    static final long HWADDR_DATA = LAYOUT.byteOffset(groupElement("ifr_ifru"), groupElement("ifr_hwaddr"),
            groupElement("sa_data"));
    static final long FLAGS = LAYOUT.byteOffset(groupElement("ifr_ifru"), groupElement("ifr_flags"));

    private IfReq() {
    }

    /** Zeroes the request and writes the NUL-terminated interface name (at most IF_NAMESIZE - 1 bytes). */
    static void writeName(MemorySegment s, String interfaceName) {
        byte[] name = interfaceName.getBytes(StandardCharsets.US_ASCII);
        if (name.length >= Libc.IF_NAMESIZE) {
            throw new IllegalArgumentException("interface name '" + interfaceName + "' is " + name.length
                    + " bytes, expected at most " + (Libc.IF_NAMESIZE - 1));
        }
        s.asSlice(0, LAYOUT.byteSize()).fill((byte) 0);
        MemorySegment.copy(MemorySegment.ofArray(name), 0, s, NAME, name.length);
    }

    /** Writes {@code ifr_flags} (host order). */
    static void writeFlags(MemorySegment s, int flags) {
        s.set(JAVA_SHORT, FLAGS, (short) flags);
    }

    /** The NUL-terminated name the kernel wrote back (TUNSETIFF fills in a {@code %d} pattern). */
    static String name(MemorySegment s) {
        return s.asSlice(NAME, Libc.IF_NAMESIZE).getString(0, StandardCharsets.US_ASCII);
    }
}
