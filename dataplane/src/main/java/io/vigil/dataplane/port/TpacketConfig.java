package io.vigil.dataplane.port;

import io.vigil.dataplane.linux.RingConfig;
import io.vigil.dataplane.linux.RingVersion;

/**
 * The geometry of a {@link TpacketPort}'s rings. The receive ring is {@code blockCount} blocks of
 * {@code blockSize} bytes holding {@code frameSize}-byte slots; the transmit ring (in {@link TransmitMode#TX_RING})
 * is {@code txBlockCount} blocks of the same size and slot. Immutable.
 *
 * @param blockSize                bytes per block: a positive multiple of 4096
 * @param blockCount               receive blocks
 * @param frameSize                slot size: a multiple of 16 above 68 that divides {@code blockSize}
 * @param retireBlockTimeoutMillis a partly filled receive block is handed over after this many ms (TPACKET_V3)
 * @param txBlockCount             transmit blocks (used in {@link TransmitMode#TX_RING}), at least 1
 * @param transmitMode             how frames leave
 * @param ringVersion              the format of both rings: TPACKET_V2 hands over each frame as soon as it is
 *                                 written, TPACKET_V3 whole blocks (full, or after the retire timeout)
 */
public record TpacketConfig(int blockSize, int blockCount, int frameSize, int retireBlockTimeoutMillis,
        int txBlockCount, TransmitMode transmitMode, RingVersion ringVersion) {

    public TpacketConfig {
        ringConfig(blockSize, blockCount, frameSize, retireBlockTimeoutMillis, ringVersion); // validates
        if (txBlockCount < 1) {
            throw new IllegalArgumentException("TX block count " + txBlockCount + ", expected at least 1");
        }
        if (transmitMode == null) {
            throw new IllegalArgumentException("transmit mode is required (TX_RING or SENDTO)");
        }
    }

    /**
     * 16 receive blocks of 256 KiB (2 048 slots of 2 KiB), a 2 ms retire timeout, 2 transmit blocks (256 slots),
     * transmit through the TX ring (the faster mode measured on veth, see README), TPACKET_V2 rings (no wait for a
     * block to retire, see README).
     */
    public static TpacketConfig defaults() {
        return new TpacketConfig(256 * 1024, 16, 2048, 2, 2, TransmitMode.TX_RING, RingVersion.TPACKET_V2);
    }

    /** The same geometry with another transmit mode. */
    public TpacketConfig withTransmitMode(TransmitMode mode) {
        return new TpacketConfig(blockSize, blockCount, frameSize, retireBlockTimeoutMillis, txBlockCount, mode,
                ringVersion);
    }

    /** The same geometry with another ring version. */
    public TpacketConfig withRingVersion(RingVersion version) {
        return new TpacketConfig(blockSize, blockCount, frameSize, retireBlockTimeoutMillis, txBlockCount,
                transmitMode, version);
    }

    /** The receive ring as the Linux layer takes it: outgoing frames ignored, qdisc bypassed. */
    RingConfig ringConfig() {
        return ringConfig(blockSize, blockCount, frameSize, retireBlockTimeoutMillis, ringVersion);
    }

    private static RingConfig ringConfig(int blockSize, int blockCount, int frameSize, int retireMillis,
            RingVersion version) {
        return new RingConfig(blockSize, blockCount, frameSize, retireMillis, true, true, version);
    }
}
