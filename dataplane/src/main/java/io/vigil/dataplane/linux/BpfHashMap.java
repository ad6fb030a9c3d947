package io.vigil.dataplane.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.BiConsumer;

/**
 * A typed view of a BPF hash map with 32-bit values: keys of type {@code K} are encoded by a {@link BiConsumer}
 * that writes exactly the map's key size at offset 0 of the segment it is given.
 *
 * <p>Thread safety: as {@link BpfMap}; every verb uses memory of its own.
 *
 * @param <K> the key type
 */
public final class BpfHashMap<K> implements AutoCloseable {

    private final BpfMap map;
    private final BiConsumer<K, MemorySegment> keyWriter;

    private BpfHashMap(BpfMap map, BiConsumer<K, MemorySegment> keyWriter) {
        this.map = map;
        this.keyWriter = keyWriter;
    }

    /** Creates a hash map of {@code keySize}-byte keys and u32 values. */
    public static <K> BpfHashMap<K> create(int keySize, int maxEntries, String name, BiConsumer<K, MemorySegment> keyWriter)
            throws LinuxException {
        return new BpfHashMap<>(BpfMap.create(BpfMap.TYPE_HASH, keySize, Integer.BYTES, maxEntries, name), keyWriter);
    }

    /** Sets {@code key} to {@code value}, creating or replacing it. */
    public void put(K key, int value) throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            map.update(encode(arena, key), arena.allocateFrom(JAVA_INT, value), BpfMap.ANY);
        }
    }

    /** Removes {@code key}; false when it was absent. */
    public boolean remove(K key) throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            return map.delete(encode(arena, key));
        }
    }

    /** The value of {@code key}, or null when absent. */
    public Integer get(K key) throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(JAVA_INT);
            return map.lookup(encode(arena, key), value) ? value.get(JAVA_INT, 0) : null;
        }
    }

    private MemorySegment encode(Arena arena, K key) {
        MemorySegment k = arena.allocate(map.keySize(), 8);
        keyWriter.accept(key, k);
        return k;
    }

    /** The underlying map (its descriptor goes into a program). */
    public BpfMap map() {
        return map;
    }

    @Override
    public void close() throws LinuxException {
        map.close();
    }
}
