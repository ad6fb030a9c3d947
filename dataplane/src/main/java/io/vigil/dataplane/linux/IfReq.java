package io.vigil.dataplane.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;

/**
 * {@code struct ifreq} (net/if.h, x86_64), 40 bytes, as used by SIOCGIFHWADDR: the interface name in 16 bytes,
 * then the {@code ifr_hwaddr} sockaddr (family @16, sa_data @18), padded to the size of the largest union member
 * ({@code struct ifmap}, 24 bytes).
 */
final class IfReq {

    /** SIOCGIFHWADDR, linux/sockios.h: get the interface's hardware address. */
    static final long SIOCGIFHWADDR = 0x8927;

    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(Libc.IF_NAMESIZE, JAVA_BYTE).withName("ifr_name"),
            JAVA_SHORT.withName("sa_family"),
            MemoryLayout.sequenceLayout(14, JAVA_BYTE).withName("sa_data"),
            MemoryLayout.paddingLayout(8));

    static final long NAME = LAYOUT.byteOffset(groupElement("ifr_name"));
    static final long HWADDR_FAMILY = LAYOUT.byteOffset(groupElement("sa_family"));
    static final long HWADDR_DATA = LAYOUT.byteOffset(groupElement("sa_data"));

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
}
