package io.vigil.dataplane.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** bpf(2) verbs that apply to any BPF object by descriptor or id. Stateless; any thread. */
final class BpfObjects {

    private BpfObjects() {
    }

    /** {@code BPF_OBJ_GET_INFO_BY_FD} into {@code info} (its size is the length asked for). */
    static void info(int fd, MemorySegment info, String what) throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = BpfAttr.allocate(arena);
            attr.set(JAVA_INT, BpfAttr.INFO_FD, fd);
            attr.set(JAVA_INT, BpfAttr.INFO_LEN, (int) info.byteSize());
            attr.set(ADDRESS, BpfAttr.INFO, info);
            long rc = Libc.bpf(BpfAttr.OBJ_GET_INFO_BY_FD, attr);
            if (rc < 0) {
                throw new LinuxException("bpf(BPF_OBJ_GET_INFO_BY_FD)", (int) -rc, what);
            }
        }
    }

    /** The id after {@code start} of {@code command}'s object kind (e.g. LINK_GET_NEXT_ID), or 0 after the last. */
    static int nextId(int command, int start) throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = BpfAttr.allocate(arena);
            attr.set(JAVA_INT, BpfAttr.START_ID, start);
            long rc = Libc.bpf(command, attr);
            if (rc == -Errno.ENOENT) {
                return 0;
            }
            if (rc < 0) {
                throw new LinuxException("bpf(GET_NEXT_ID)", (int) -rc, "after id " + start);
            }
            return attr.get(JAVA_INT, BpfAttr.NEXT_ID);
        }
    }

    /** A descriptor for the object {@code id} ({@code command} e.g. LINK_GET_FD_BY_ID), or -1 when it is gone. */
    static int fdById(int command, int id) throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = BpfAttr.allocate(arena);
            attr.set(JAVA_INT, BpfAttr.START_ID, id);
            long rc = Libc.bpf(command, attr);
            if (rc == -Errno.ENOENT) {
                return -1;
            }
            if (rc < 0) {
                throw new LinuxException("bpf(GET_FD_BY_ID)", (int) -rc, "id " + id);
            }
            return (int) rc;
        }
    }
}
