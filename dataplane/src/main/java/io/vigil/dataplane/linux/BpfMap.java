package io.vigil.dataplane.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A BPF map (bpf(2) {@code BPF_MAP_CREATE}) of fixed-size keys and values, and its element verbs. The map lives
 * while its descriptor is open (and while a loaded program refers to it).
 *
 * <p>Thread safety: the element verbs may be called from any thread (the kernel serialises them); each call uses
 * memory of its own. {@link #close()} once.
 */
public final class BpfMap implements AutoCloseable {

    /** Map types, linux/bpf.h {@code enum bpf_map_type}. */
    public static final int TYPE_HASH = 1;
    public static final int TYPE_ARRAY = 2;
    public static final int TYPE_XSKMAP = 17;

    /** Update flags, linux/bpf.h: create or replace, create only, replace only. */
    public static final long ANY = 0;
    public static final long NOEXIST = 1;
    public static final long EXIST = 2;

    private final BpfDescriptor fd;
    private final int type;
    private final int keySize;
    private final int valueSize;
    private final String name;

    private BpfMap(int fd, int type, int keySize, int valueSize, String name) {
        this.fd = new BpfDescriptor(fd);
        this.type = type;
        this.keySize = keySize;
        this.valueSize = valueSize;
        this.name = name;
    }

    /**
     * Creates a map.
     *
     * @param name at most 15 characters of {@code [A-Za-z0-9_.]}; names it in bpftool and in errors
     * @throws LinuxException naming the map when the kernel refuses (EPERM without CAP_BPF, EINVAL for bad sizes)
     */
    public static BpfMap create(int type, int keySize, int valueSize, int maxEntries, String name) throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = BpfAttr.allocate(arena);
            attr.set(JAVA_INT, BpfAttr.MAP_TYPE, type);
            attr.set(JAVA_INT, BpfAttr.KEY_SIZE, keySize);
            attr.set(JAVA_INT, BpfAttr.VALUE_SIZE, valueSize);
            attr.set(JAVA_INT, BpfAttr.MAX_ENTRIES, maxEntries);
            BpfAttr.name(attr, BpfAttr.MAP_NAME, name);
            long rc = Libc.bpf(BpfAttr.MAP_CREATE, attr);
            if (rc < 0) {
                throw new LinuxException("bpf(BPF_MAP_CREATE)", (int) -rc, "map " + name + ", type " + type + ", key "
                        + keySize + " B, value " + valueSize + " B, " + maxEntries + " entries");
            }
            return new BpfMap((int) rc, type, keySize, valueSize, name);
        }
    }

    /** Sets {@code key} to {@code value} ({@link #ANY}, {@link #NOEXIST} or {@link #EXIST}). */
    public void update(MemorySegment key, MemorySegment value, long flags) throws LinuxException {
        long rc = element(BpfAttr.MAP_UPDATE_ELEM, key, value, flags);
        if (rc < 0) {
            throw new LinuxException("bpf(BPF_MAP_UPDATE_ELEM)", (int) -rc, "map " + name);
        }
    }

    /** Removes {@code key}; false when it was not there. */
    public boolean delete(MemorySegment key) throws LinuxException {
        long rc = element(BpfAttr.MAP_DELETE_ELEM, key, MemorySegment.NULL, 0);
        if (rc == -Errno.ENOENT) {
            return false;
        }
        if (rc < 0) {
            throw new LinuxException("bpf(BPF_MAP_DELETE_ELEM)", (int) -rc, "map " + name);
        }
        return true;
    }

    /** Reads {@code key}'s value into {@code value}; false when the key is absent. */
    public boolean lookup(MemorySegment key, MemorySegment value) throws LinuxException {
        long rc = element(BpfAttr.MAP_LOOKUP_ELEM, key, value, 0);
        if (rc == -Errno.ENOENT) {
            return false;
        }
        if (rc < 0) {
            throw new LinuxException("bpf(BPF_MAP_LOOKUP_ELEM)", (int) -rc, "map " + name);
        }
        return true;
    }

    private long element(int command, MemorySegment key, MemorySegment value, long flags) {
        if (key.byteSize() < keySize || (!value.equals(MemorySegment.NULL) && value.byteSize() < valueSize)) {
            throw new IllegalArgumentException("map " + name + " takes " + keySize + "-byte keys and " + valueSize
                    + "-byte values, got " + key.byteSize() + " and " + value.byteSize());
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = BpfAttr.allocate(arena);
            attr.set(JAVA_INT, BpfAttr.ELEM_MAP_FD, fd.fd());
            attr.set(ADDRESS, BpfAttr.ELEM_KEY, key);
            attr.set(ADDRESS, BpfAttr.ELEM_VALUE, value);
            attr.set(JAVA_LONG, BpfAttr.ELEM_FLAGS, flags);
            return Libc.bpf(command, attr);
        }
    }

    /** The map's descriptor (what a program's {@code BPF_PSEUDO_MAP_FD} load names). */
    public int fd() {
        return fd.fd();
    }

    public int type() {
        return type;
    }

    public int keySize() {
        return keySize;
    }

    public int valueSize() {
        return valueSize;
    }

    public String name() {
        return name;
    }

    /** Closes the descriptor; idempotent. */
    @Override
    public void close() throws LinuxException {
        fd.close();
    }

    @Override
    public String toString() {
        return "BpfMap[" + name + ", fd " + fd.fd() + "]";
    }
}
