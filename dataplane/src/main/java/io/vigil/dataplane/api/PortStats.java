package io.vigil.dataplane.api;

/**
 * One packet port's counters (for TPACKET_V3: {@code PACKET_STATISTICS}). Immutable.
 *
 * @param device       the interface
 * @param backend      {@code tpacket} or {@code xdp}
 * @param received     frames read from the ring
 * @param transmitted  frames sent
 * @param ringDrops    frames the kernel dropped because the ring was full
 * @param ignored      frames read that the dataplane did not own (passed over)
 * @param handedOff    frames handed to another worker of the interface (XDP with several workers: received frames
 *                     of a flow that worker owns, and frames it sends for a worker without a queue there)
 * @param handoffDrops received frames dropped because the owning worker's handoff ring was full
 */
public record PortStats(String device, String backend, long received, long transmitted, long ringDrops, long ignored,
                        long handedOff, long handoffDrops) {

    /** A port that hands nothing to other workers. */
    public PortStats(String device, String backend, long received, long transmitted, long ringDrops, long ignored) {
        this(device, backend, received, transmitted, ringDrops, ignored, 0, 0);
    }

    /** The counters of both ports summed, under this one's device and backend. */
    public PortStats plus(PortStats o) {
        return new PortStats(device, backend, received + o.received, transmitted + o.transmitted,
                ringDrops + o.ringDrops, ignored + o.ignored, handedOff + o.handedOff, handoffDrops + o.handoffDrops);
    }
}
