package io.vigil.dataplane.api;

/**
 * One packet port's counters (for TPACKET_V3: {@code PACKET_STATISTICS}).
 *
 * @param device       the interface
 * @param backend      {@code tpacket} or {@code xdp}
 * @param received     frames read from the ring
 * @param transmitted  frames sent
 * @param ringDrops    frames the kernel dropped because the ring was full
 * @param ignored      frames read that the dataplane did not own (passed over)
 */
public record PortStats(String device, String backend, long received, long transmitted, long ringDrops, long ignored) {
}
