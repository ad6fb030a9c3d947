package io.vigil.dataplane.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/** {@code struct iovec} (bits/types/struct_iovec.h), 16 bytes: base pointer @0, length @8. */
final class IoVec {

    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            ADDRESS.withName("iov_base"),
            JAVA_LONG.withName("iov_len"));

    static final long BASE = LAYOUT.byteOffset(groupElement("iov_base"));
    static final long LEN = LAYOUT.byteOffset(groupElement("iov_len"));

    private IoVec() {
    }

    static void write(MemorySegment s, MemorySegment buffer) {
        s.set(ADDRESS, BASE, buffer);
        s.set(JAVA_LONG, LEN, buffer.byteSize());
    }
}
