package io.vigil.dataplane.port;

/** How a {@link TpacketPort} sends frames (packet(7), Documentation/networking/packet_mmap.rst). */
public enum TransmitMode {
    /** Copy into a PACKET_TX_RING slot; one {@code sendto(fd, NULL, 0, MSG_DONTWAIT)} kick per flush. */
    TX_RING,
    /** One {@code sendto(2)} per frame, straight from the caller's memory. */
    SENDTO
}
