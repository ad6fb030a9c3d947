package io.vigil.dataplane.linux;

/**
 * PACKET_STATISTICS of a ring socket (struct tpacket_stats_v3; for TPACKET_V2 tpacket_stats, freeze count 0)
 * since the previous read: the kernel resets the counters on every read.
 *
 * @param packets          frames the socket received (tp_packets; the kernel counts drops in it too)
 * @param drops            frames dropped because the ring was full (tp_drops)
 * @param freezeQueueCount times the ring was frozen because no block was free (tp_freeze_q_cnt)
 */
public record RingStatistics(long packets, long drops, long freezeQueueCount) {

    /** The sum of this and a later read, for callers that accumulate. */
    public RingStatistics plus(RingStatistics later) {
        return new RingStatistics(packets + later.packets, drops + later.drops, freezeQueueCount + later.freezeQueueCount);
    }
}
