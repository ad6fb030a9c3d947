package io.vigil.dataplane.linux;

/**
 * AF_PACKET socket options, ring versions and status words (linux/if_packet.h), the Ethernet protocol numbers
 * (linux/if_ether.h) and the mmap flags a ring needs (bits/mman-linux.h, bits/mman-map-flags-generic.h).
 */
public final class PacketSocketOptions {

    /** SOL_PACKET, bits/socket.h. */
    public static final int SOL_PACKET = 263;

    /** PACKET_RX_RING, linux/if_packet.h: takes a tpacket_req3 for TPACKET_V3, a tpacket_req for TPACKET_V2. */
    public static final int PACKET_RX_RING = 5;
    /** PACKET_STATISTICS, linux/if_packet.h: a tpacket_stats_v3 for TPACKET_V3 (the first 8 bytes of it,
     * tpacket_stats, for TPACKET_V2); reading resets it. */
    public static final int PACKET_STATISTICS = 6;
    /** PACKET_VERSION, linux/if_packet.h. */
    public static final int PACKET_VERSION = 10;
    /** PACKET_TX_RING, linux/if_packet.h. */
    public static final int PACKET_TX_RING = 13;
    /** PACKET_LOSS, linux/if_packet.h: a malformed transmit frame is skipped instead of stopping the ring. */
    public static final int PACKET_LOSS = 14;
    /** PACKET_QDISC_BYPASS, linux/if_packet.h: transmit straight to the driver, skipping the qdisc. */
    public static final int PACKET_QDISC_BYPASS = 20;
    /** PACKET_IGNORE_OUTGOING, linux/if_packet.h: the socket does not see frames the host sends. */
    public static final int PACKET_IGNORE_OUTGOING = 23;
    /**
     * PACKET_FANOUT, linux/if_packet.h: joins a fanout group; the value is {@code id | type_flags << 16}. Reading
     * it gives {@code id | type << 16 | flags << 24} (af_packet.c, packet_getsockopt).
     */
    public static final int PACKET_FANOUT = 18;
    /** PACKET_FANOUT_DATA, linux/if_packet.h: the group's classic BPF program (a sock_fprog) for FANOUT_CBPF. */
    public static final int PACKET_FANOUT_DATA = 22;
    /** PACKET_FANOUT_CBPF, linux/if_packet.h: the group's classic BPF program returns the member index (mod n). */
    public static final int PACKET_FANOUT_CBPF = 6;
    /** PACKET_FANOUT_FLAG_UNIQUEID, linux/if_packet.h: with id 0 the kernel picks a free group id. */
    public static final int PACKET_FANOUT_FLAG_UNIQUEID = 0x2000;
    /**
     * PACKET_FANOUT_FLAG_IGNORE_OUTGOING, linux/if_packet.h: the group's hook skips frames the host sends (a member
     * socket's own PACKET_IGNORE_OUTGOING no longer applies once it joined: the group's hook replaces its own).
     */
    public static final int PACKET_FANOUT_FLAG_IGNORE_OUTGOING = 0x4000;

    /** TPACKET_V2 (enum tpacket_versions), linux/if_packet.h. */
    public static final int TPACKET_V2 = 1;
    /** TPACKET_V3 (enum tpacket_versions), linux/if_packet.h. */
    public static final int TPACKET_V3 = 2;

    /** TP_STATUS_KERNEL, linux/if_packet.h: the block belongs to the kernel. */
    public static final int TP_STATUS_KERNEL = 0;
    /** TP_STATUS_USER, linux/if_packet.h: the block is handed to user space. */
    public static final int TP_STATUS_USER = 1;
    /** TP_STATUS_AVAILABLE, linux/if_packet.h: a transmit frame slot is free. */
    public static final int TP_STATUS_AVAILABLE = 0;
    /**
     * TP_STATUS_CSUMNOTREADY, linux/if_packet.h: the frame's transport checksum is not computed yet (the sender
     * offloaded it, CHECKSUM_PARTIAL, as veth and virtio senders do); whoever sends it on must compute it.
     */
    public static final int TP_STATUS_CSUMNOTREADY = 1 << 3;
    /** TP_STATUS_SEND_REQUEST, linux/if_packet.h: the transmit frame is ready for the kernel. */
    public static final int TP_STATUS_SEND_REQUEST = 1;
    /** TP_STATUS_SENDING, linux/if_packet.h: the kernel is sending the frame. */
    public static final int TP_STATUS_SENDING = 2;
    /** TP_STATUS_WRONG_FORMAT, linux/if_packet.h: the kernel rejected the frame (without PACKET_LOSS). */
    public static final int TP_STATUS_WRONG_FORMAT = 4;

    /** PACKET_HOST (sll_pkttype), linux/if_packet.h: to us. */
    public static final int PACKET_HOST = 0;
    /** PACKET_BROADCAST, linux/if_packet.h. */
    public static final int PACKET_BROADCAST = 1;
    /** PACKET_MULTICAST, linux/if_packet.h. */
    public static final int PACKET_MULTICAST = 2;
    /** PACKET_OTHERHOST, linux/if_packet.h: to someone else (promiscuous). */
    public static final int PACKET_OTHERHOST = 3;
    /** PACKET_OUTGOING, linux/if_packet.h. */
    public static final int PACKET_OUTGOING = 4;

    /** ETH_P_ALL, linux/if_ether.h: every protocol. */
    public static final int ETH_P_ALL = 0x0003;
    /** ETH_P_IP, linux/if_ether.h. */
    public static final int ETH_P_IP = 0x0800;
    /** ETH_P_ARP, linux/if_ether.h. */
    public static final int ETH_P_ARP = 0x0806;
    /** ETH_P_IPV6, linux/if_ether.h. */
    public static final int ETH_P_IPV6 = 0x86DD;
    /** ARPHRD_ETHER (sll_hatype), linux/if_arp.h. */
    public static final int ARPHRD_ETHER = 1;

    /** PROT_READ | PROT_WRITE, bits/mman-linux.h. */
    public static final int PROT_READ_WRITE = 0x1 | 0x2;
    /** MAP_SHARED, bits/mman-linux.h. */
    public static final int MAP_SHARED = 0x01;
    /** MAP_POPULATE, bits/mman-map-flags-generic.h: fault the ring in at mmap time. */
    public static final int MAP_POPULATE = 0x8000;

    private PacketSocketOptions() {
    }
}
