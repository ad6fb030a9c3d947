package io.vigil.dataplane.linux;

/**
 * The AF_PACKET ring format (enum tpacket_versions, linux/if_packet.h; packet_mmap.rst). PACKET_VERSION applies to
 * both the receive and the transmit ring of a socket.
 */
public enum RingVersion {

    /**
     * Per-frame ownership: each frame slot has its own tp_status and is handed to user space as soon as the kernel
     * has written it, so a lone frame waits for nobody.
     */
    TPACKET_V2(1),
    /**
     * Per-block ownership: a block goes to user space only when it is full or tp_retire_blk_tov (at least 1 ms)
     * after its first frame, so at moderate rates each frame waits about that long.
     */
    TPACKET_V3(2);

    private final int kernelValue;

    RingVersion(int kernelValue) {
        this.kernelValue = kernelValue;
    }

    /** The PACKET_VERSION value. */
    public int kernelValue() {
        return kernelValue;
    }
}
