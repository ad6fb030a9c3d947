package io.vigil.dataplane.api;

/**
 * How the dataplane sizes itself ({@code vigil.dataplane.*} in the engine settings).
 *
 * @param enabled             whether {@code vigil run} forwards at all (false: health checks and VRRP only)
 * @param connectionCapacity  the connection table's bound (connections and persistence templates)
 * @param ringBlockSize       bytes per TPACKET_V3 ring block (a power of two, at least the page size)
 * @param ringBlockCount      blocks per ring (receive and transmit each)
 * @param backend             AF_XDP, TPACKET, or XDP where it can ({@code vigil.dataplane.backend})
 */
public record DataplaneSettings(boolean enabled, int connectionCapacity, int ringBlockSize, int ringBlockCount,
                                DataplaneBackend backend) {

    /** The defaults of reference.conf. */
    public static final DataplaneSettings DEFAULTS = new DataplaneSettings(true, 262_144, 1 << 17, 32,
            DataplaneBackend.AUTO);

    /** Settings with the {@link DataplaneBackend#AUTO} backend. */
    public DataplaneSettings(boolean enabled, int connectionCapacity, int ringBlockSize, int ringBlockCount) {
        this(enabled, connectionCapacity, ringBlockSize, ringBlockCount, DataplaneBackend.AUTO);
    }

    public DataplaneSettings {
        if (connectionCapacity < 1024 || connectionCapacity > (1 << 24)) {
            throw new IllegalArgumentException("connection capacity " + connectionCapacity + ", expected 1024 to 16777216");
        }
        if (Integer.bitCount(ringBlockSize) != 1 || ringBlockSize < 4096) {
            throw new IllegalArgumentException("ring block size " + ringBlockSize + ", expected a power of two of at least 4096");
        }
        if (backend == null) {
            throw new IllegalArgumentException("backend is required: auto, xdp or tpacket");
        }
        if (ringBlockCount < 2 || ringBlockCount > 1024) {
            throw new IllegalArgumentException("ring block count " + ringBlockCount + ", expected 2 to 1024");
        }
    }
}
