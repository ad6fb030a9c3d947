package io.vigil.dataplane.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * {@code struct cmsghdr} (bits/socket.h, x86_64), 16 bytes: len (size_t) @0, level @8, type @12, then the data at
 * CMSG_ALIGN(16). Control messages follow each other at CMSG_ALIGN(cmsg_len) (8-byte alignment).
 */
final class CmsgHdr {

    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("cmsg_len"),
            JAVA_INT.withName("cmsg_level"),
            JAVA_INT.withName("cmsg_type"));

    static final long LEN = LAYOUT.byteOffset(groupElement("cmsg_len"));
    static final long LEVEL = LAYOUT.byteOffset(groupElement("cmsg_level"));
    static final long TYPE = LAYOUT.byteOffset(groupElement("cmsg_type"));
    /** CMSG_DATA offset: CMSG_ALIGN(sizeof(struct cmsghdr)). */
    static final long DATA = align(LAYOUT.byteSize());

    private CmsgHdr() {
    }

    /** CMSG_ALIGN: round up to sizeof(size_t). */
    static long align(long length) {
        return (length + 7) & ~7L;
    }

    /** CMSG_SPACE: room for one message with {@code dataLength} bytes of data. */
    static long space(long dataLength) {
        return DATA + align(dataLength);
    }
}
