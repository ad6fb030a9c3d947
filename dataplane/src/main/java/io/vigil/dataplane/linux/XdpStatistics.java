package io.vigil.dataplane.linux;

/**
 * An AF_XDP socket's {@code struct xdp_statistics} (linux/if_xdp.h), cumulative since bind.
 *
 * @param rxDropped           frames dropped for reasons other than a full ring or an empty fill ring
 * @param rxInvalidDescs      invalid RX descriptors
 * @param txInvalidDescs      invalid TX descriptors
 * @param rxRingFull          frames dropped because the RX ring was full
 * @param rxFillRingEmpty     times the fill ring was empty when a frame arrived
 * @param txRingEmpty         times the TX ring was empty at a kick
 */
public record XdpStatistics(long rxDropped, long rxInvalidDescs, long txInvalidDescs, long rxRingFull,
                            long rxFillRingEmpty, long txRingEmpty) {
}
