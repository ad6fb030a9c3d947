package io.vigil.dataplane.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * {@code struct msghdr} (bits/socket.h, x86_64), 56 bytes: name @0, namelen @8, iov @16, iovlen @24,
 * control @32, controllen @40, flags @48.
 */
final class MsgHdr {

    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            ADDRESS.withName("msg_name"),
            JAVA_INT.withName("msg_namelen"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("msg_iov"),
            JAVA_LONG.withName("msg_iovlen"),
            ADDRESS.withName("msg_control"),
            JAVA_LONG.withName("msg_controllen"),
            JAVA_INT.withName("msg_flags"),
            MemoryLayout.paddingLayout(4));

    static final long NAME = LAYOUT.byteOffset(groupElement("msg_name"));
    static final long NAMELEN = LAYOUT.byteOffset(groupElement("msg_namelen"));
    static final long IOV = LAYOUT.byteOffset(groupElement("msg_iov"));
    static final long IOVLEN = LAYOUT.byteOffset(groupElement("msg_iovlen"));
    static final long CONTROL = LAYOUT.byteOffset(groupElement("msg_control"));
    static final long CONTROLLEN = LAYOUT.byteOffset(groupElement("msg_controllen"));
    static final long FLAGS = LAYOUT.byteOffset(groupElement("msg_flags"));

    private MsgHdr() {
    }

    /** Points the header at a name buffer, one iovec and a control buffer (the lengths are reset per call). */
    static void write(MemorySegment s, MemorySegment name, MemorySegment iov, MemorySegment control) {
        s.set(ADDRESS, NAME, name);
        s.set(JAVA_INT, NAMELEN, (int) name.byteSize());
        s.set(ADDRESS, IOV, iov);
        s.set(JAVA_LONG, IOVLEN, 1L);
        s.set(ADDRESS, CONTROL, control);
        s.set(JAVA_LONG, CONTROLLEN, control.byteSize());
        s.set(JAVA_INT, FLAGS, 0);
    }
}
