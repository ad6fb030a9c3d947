package io.vigil.dataplane.port;

import io.vigil.dataplane.linux.RingConfig;

/**
 * The geometry of a {@link TpacketPort}'s rings. The receive ring is {@code blockCount} blocks of
 * {@code blockSize} bytes holding {@code frameSize}-byte slots; the transmit ring (in {@link TransmitMode#TX_RING})
 * is {@code txBlockCount} blocks of the same size and slot. Immutable.
 *
 * @param blockSize                bytes per block: a positive multiple of 4096
 * @param blockCount               receive blocks
 * @param frameSize                slot size: a multiple of 16 above 68 that divides {@code blockSize}
 * @param retireBlockTimeoutMillis a partly filled receive block is handed over after this many ms
 * @param txBlockCount             transmit blocks (used in {@link TransmitMode#TX_RING}), at least 1
 * @param transmitMode             how frames leave
 */
public record TpacketConfig(int blockSize, int blockCount, int frameSize, int retireBlockTimeoutMillis,
        int txBlockCount, TransmitMode transmitMode) {

    public TpacketConfig {
        ringConfig(blockSize, blockCount, frameSize, retireBlockTimeoutMillis); // validates the geometry
        if (txBlockCount < 1) {
            throw new IllegalArgumentException("TX block count " + txBlockCount + ", expected at least 1");
        }
        if (transmitMode == null) {
            throw new IllegalArgumentException("transmit mode is required (TX_RING or SENDTO)");
        }
    }

    /**
     * 16 receive blocks of 256 KiB (2 048 slots of 2 KiB), a 2 ms retire timeout, 2 transmit blocks (256 slots),
     * transmit through the TX ring (the faster mode measured on veth, see README).
     */
    public static TpacketConfig defaults() {
        return new TpacketConfig(256 * 1024, 16, 2048, 2, 2, TransmitMode.TX_RING);
    }

    /** The same geometry with another transmit mode. */
    public TpacketConfig withTransmitMode(TransmitMode mode) {
        return new TpacketConfig(blockSize, blockCount, frameSize, retireBlockTimeoutMillis, txBlockCount, mode);
    }

    /** The receive ring as the Linux layer takes it: outgoing frames ignored, qdisc bypassed. */
    RingConfig ringConfig() {
        return ringConfig(blockSize, blockCount, frameSize, retireBlockTimeoutMillis);
    }

    private static RingConfig ringConfig(int blockSize, int blockCount, int frameSize, int retireMillis) {
        return new RingConfig(blockSize, blockCount, frameSize, retireMillis, true, true);
    }
}
