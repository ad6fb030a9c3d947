package io.vigil.dataplane.api;

/**
 * How the dataplane sizes itself ({@code vigil.dataplane.*} in the engine settings).
 *
 * @param enabled             whether {@code vigil run} forwards at all (false: health checks and VRRP only)
 * @param connectionCapacity  the connection table's bound (connections and persistence templates), shared evenly
 *                            among the workers
 * @param ringBlockSize       bytes per TPACKET_V3 ring block (a power of two, at least the page size)
 * @param ringBlockCount      blocks per ring (receive and transmit each)
 * @param workers             forwarding threads, each with its own ports, connection table and next-hop cache
 *                            ({@link #MAX_WORKERS} at most)
 * @param sloppyTcp           IPVS's {@code sloppy_tcp}: a mid-flow TCP packet with no connection entry is scheduled
 *                            and creates one (a director that takes over keeps the connections it never saw start)
 * @param backend             AF_XDP, TPACKET, or XDP where it can ({@code vigil.dataplane.backend})
 * @param busyPoll            preferred busy polling on the AF_XDP sockets ({@code vigil.dataplane.busy-poll}): the
 *                            worker runs the receive NAPI itself instead of the softirq or NAPI thread
 */
public record DataplaneSettings(boolean enabled, int connectionCapacity, int ringBlockSize, int ringBlockCount,
                                int workers, boolean sloppyTcp, DataplaneBackend backend, boolean busyPoll) {

    /** The most workers: PACKET_FANOUT_MAX's legacy bound is 256, and one host rarely has more useful cores. */
    public static final int MAX_WORKERS = 64;

    /** The defaults of reference.conf. */
    public static final DataplaneSettings DEFAULTS = new DataplaneSettings(true, 262_144, 1 << 17, 32, 1, false,
            DataplaneBackend.AUTO, false);

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
        if (workers < 1 || workers > MAX_WORKERS) {
            throw new IllegalArgumentException("workers " + workers + ", expected 1 to " + MAX_WORKERS + " or auto");
        }
    }

    /** One worker, no sloppy TCP, the {@link DataplaneBackend#AUTO} backend. */
    public DataplaneSettings(boolean enabled, int connectionCapacity, int ringBlockSize, int ringBlockCount) {
        this(enabled, connectionCapacity, ringBlockSize, ringBlockCount, 1, false, DataplaneBackend.AUTO, false);
    }

    /** Without busy polling. */
    public DataplaneSettings(boolean enabled, int connectionCapacity, int ringBlockSize, int ringBlockCount,
            int workers, boolean sloppyTcp, DataplaneBackend backend) {
        this(enabled, connectionCapacity, ringBlockSize, ringBlockCount, workers, sloppyTcp, backend, false);
    }

    /**
     * What {@code workers = auto} means on a host with {@code processors} cores: half of them, at least one. Each
     * worker busy-polls a core while traffic flows, and the kernel's receive path (softirq, the veth or NIC queue
     * that fills the rings) needs about as much CPU again per frame; a worker on every core would fight the softirq
     * for it, as the single shared core of ffm-feasibility's N2 setup did.
     */
    public static int autoWorkers(int processors) {
        return Math.clamp(processors / 2, 1, MAX_WORKERS);
    }

    /** The same settings with {@code count} workers. */
    public DataplaneSettings withWorkers(int count) {
        return new DataplaneSettings(enabled, connectionCapacity, ringBlockSize, ringBlockCount, count, sloppyTcp, backend,
                busyPoll);
    }
}
