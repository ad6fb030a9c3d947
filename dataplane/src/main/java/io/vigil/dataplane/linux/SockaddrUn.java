package io.vigil.dataplane.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;

/**
 * {@code struct sockaddr_un} (sys/un.h, unix(7)), 110 bytes:
 * <pre>
 *  0        2                                   110
 * +--------+-----------------------------------+
 * | family |  sun_path (108 bytes)              |
 * +--------+-----------------------------------+
 *  host
 * </pre>
 * A path that starts with {@code @} names an abstract socket: sun_path starts with a NUL byte and the address
 * length counts only the name's bytes (unix(7), "abstract").
 */
final class SockaddrUn {

    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sun_family"),
            MemoryLayout.sequenceLayout(108, JAVA_BYTE).withName("sun_path"));

    static final long FAMILY = LAYOUT.byteOffset(groupElement("sun_family"));
    static final long PATH = LAYOUT.byteOffset(groupElement("sun_path"));
    static final int PATH_CAPACITY = 108;

    private SockaddrUn() {
    }

    /**
     * Writes AF_UNIX and {@code path} into {@code s} and returns the slice whose size is the address length to
     * pass to the kernel.
     *
     * @throws IllegalArgumentException when the path does not fit in sun_path
     */
    static MemorySegment write(MemorySegment s, String path) {
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        boolean abstractName = name.length > 0 && name[0] == '@';
        if (name.length == 0 || name.length > PATH_CAPACITY - (abstractName ? 0 : 1)) {
            throw new IllegalArgumentException("unix socket path '" + path + "' has " + name.length
                    + " bytes; expected 1 to " + (PATH_CAPACITY - 1));
        }
        s.asSlice(0, LAYOUT.byteSize()).fill((byte) 0);
        s.set(JAVA_SHORT, FAMILY, (short) SocketOptions.AF_UNIX);
        MemorySegment.copy(MemorySegment.ofArray(name), 0, s, PATH, name.length);
        if (abstractName) {
            s.set(JAVA_BYTE, PATH, (byte) 0);
            return s.asSlice(0, PATH + name.length);
        }
        return s.asSlice(0, PATH + name.length + 1);
    }
}
