package io.vigil.dataplane.port;

import io.vigil.dataplane.linux.XdpMode;

/**
 * The geometry of an {@link XdpPort}: a UMEM of {@code frameCount} frames of {@code frameSize} bytes, half of
 * them lent to the kernel for receiving (the fill ring) and half kept for transmitting; RX and TX rings of
 * {@code ringSize} descriptors. Immutable.
 *
 * @param frameCount frames in the UMEM, a power of two, at least 64
 * @param frameSize  2048 or 4096 bytes (a frame holds one packet: the MTU must fit)
 * @param ringSize   RX and TX descriptors, a power of two
 * @param queue      the receive queue the socket binds to
 * @param mode       {@link XdpMode#NATIVE}: native XDP, generic where the driver has none; GENERIC: generic only
 * @param busyPoll   preferred busy polling ({@code vigil.dataplane.busy-poll}): the worker runs the receive queue's
 *                   NAPI itself, {@link #BUSY_POLL_BUDGET} frames a round, instead of the softirq or NAPI thread
 */
public record XdpConfig(int frameCount, int frameSize, int ringSize, int queue, XdpMode mode, boolean busyPoll) {

    /** Frames per busy-poll round (SO_BUSY_POLL_BUDGET; the kernel's default is 8): one receive batch. */
    public static final int BUSY_POLL_BUDGET = XdpPort.BATCH;
    /**
     * SO_BUSY_POLL in microseconds: any value above 0 switches busy polling on; a non-blocking receive polls one
     * round whatever its value.
     */
    public static final int BUSY_POLL_MICROS = 50;

    public XdpConfig {
        if (Integer.bitCount(frameCount) != 1 || frameCount < 64) {
            throw new IllegalArgumentException("frame count " + frameCount + ", expected a power of two of at least 64");
        }
        if (frameSize != 2048 && frameSize != 4096) {
            throw new IllegalArgumentException("frame size " + frameSize + ", expected 2048 or 4096");
        }
        if (Integer.bitCount(ringSize) != 1 || ringSize < 32) {
            throw new IllegalArgumentException("ring size " + ringSize + ", expected a power of two of at least 32");
        }
        if (queue < 0) {
            throw new IllegalArgumentException("queue " + queue + ", expected 0 or more");
        }
        if (mode == null) {
            throw new IllegalArgumentException("XDP mode is required (NATIVE or GENERIC)");
        }
    }

    /** 4096 frames of 2 KiB (8 MiB), rings of 2048, queue 0, native where the driver allows, no busy polling. */
    public static XdpConfig defaults() {
        return new XdpConfig(4096, 2048, 2048, 0, XdpMode.NATIVE, false);
    }

    /** The same geometry in another mode. */
    public XdpConfig withMode(XdpMode m) {
        return new XdpConfig(frameCount, frameSize, ringSize, queue, m, busyPoll);
    }

    /** The same geometry with preferred busy polling on or off. */
    public XdpConfig withBusyPoll(boolean on) {
        return new XdpConfig(frameCount, frameSize, ringSize, queue, mode, on);
    }
}
