package io.vigil.dataplane.linux;

/**
 * The geometry and options of a {@link PacketRing}.
 *
 * @param blockSize                 bytes per block: a multiple of the page size (4096)
 * @param blockCount                number of blocks
 * @param frameSize                 the nominal frame slot (tp_frame_size): a multiple of 16 (TPACKET_ALIGNMENT),
 *                                  larger than the 48 + 20 byte headers, dividing {@code blockSize}
 * @param retireBlockTimeoutMillis  a partly filled block is handed over after this many ms (latency at low rates)
 * @param ignoreOutgoing            PACKET_IGNORE_OUTGOING: do not see frames this host sends
 * @param qdiscBypass               PACKET_QDISC_BYPASS: frames sent skip the qdisc
 * @param version                   the ring format of both rings ({@code retireBlockTimeoutMillis} applies to
 *                                  TPACKET_V3 only)
 */
public record RingConfig(int blockSize, int blockCount, int frameSize, int retireBlockTimeoutMillis,
        boolean ignoreOutgoing, boolean qdiscBypass, RingVersion version) {

    private static final int PAGE_SIZE = 4096;
    private static final int TPACKET_ALIGNMENT = 16;
    private static final int TPACKET3_HDRLEN = 48 + 20;

    public RingConfig {
        if (blockSize <= 0 || blockSize % PAGE_SIZE != 0) {
            throw new IllegalArgumentException("block size " + blockSize + ", expected a positive multiple of " + PAGE_SIZE);
        }
        if (blockCount <= 0) {
            throw new IllegalArgumentException("block count " + blockCount + ", expected at least 1");
        }
        if (frameSize <= TPACKET3_HDRLEN || frameSize % TPACKET_ALIGNMENT != 0 || blockSize % frameSize != 0) {
            throw new IllegalArgumentException("frame size " + frameSize + ", expected a multiple of "
                    + TPACKET_ALIGNMENT + " above " + TPACKET3_HDRLEN + " that divides the block size " + blockSize);
        }
        if (version == null) {
            throw new IllegalArgumentException("ring version is required (TPACKET_V2 or TPACKET_V3)");
        }
        if (retireBlockTimeoutMillis < 0) {
            throw new IllegalArgumentException("block retire timeout " + retireBlockTimeoutMillis + " ms, expected >= 0");
        }
    }

    /** A TPACKET_V3 ring. */
    public RingConfig(int blockSize, int blockCount, int frameSize, int retireBlockTimeoutMillis,
            boolean ignoreOutgoing, boolean qdiscBypass) {
        this(blockSize, blockCount, frameSize, retireBlockTimeoutMillis, ignoreOutgoing, qdiscBypass,
                RingVersion.TPACKET_V3);
    }

    /** 8 blocks of 256 KiB, 2 KiB frames, 10 ms retire timeout, outgoing ignored, qdisc bypassed, TPACKET_V3 (ffm-feasibility Q3). */
    public static RingConfig defaults() {
        return new RingConfig(256 * 1024, 8, 2048, 10, true, true);
    }

    /** Frame slots in the receive ring. */
    public int frameCount() {
        return blockSize / frameSize * blockCount;
    }

    /** Size of the mapping. */
    public long ringBytes() {
        return (long) blockSize * blockCount;
    }
}
