package io.vigil.dataplane.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/** {@code struct tpacket_stats_v3} (linux/if_packet.h), 12 bytes: what PACKET_STATISTICS returns for TPACKET_V3. */
final class TpacketStatsV3 {

    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("tp_packets"),
            JAVA_INT.withName("tp_drops"),
            JAVA_INT.withName("tp_freeze_q_cnt"));

    static final long PACKETS = LAYOUT.byteOffset(groupElement("tp_packets"));
    static final long DROPS = LAYOUT.byteOffset(groupElement("tp_drops"));
    static final long FREEZE_Q_CNT = LAYOUT.byteOffset(groupElement("tp_freeze_q_cnt"));

    private TpacketStatsV3() {
    }
}
