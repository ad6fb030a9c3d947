package io.vigil.dataplane.sync;

/**
 * Constants of IPVS's sync protocol, each as net/netfilter/ipvs/ip_vs_sync.c or include/uapi/linux/ip_vs.h defines
 * it. Safe from any thread.
 */
public final class SyncProtocol {

    /** {@code IP_VS_SYNC_GROUP}: the default multicast group, 224.0.0.81. */
    public static final String DEFAULT_GROUP = "224.0.0.81";
    /** {@code IP_VS_SYNC_PORT}: the default UDP port. */
    public static final int DEFAULT_PORT = 8848;
    /** The default multicast TTL ({@code start_sync_thread}: {@code mcast_ttl} 1). */
    public static final int DEFAULT_TTL = 1;
    /** The default {@code sync_maxlen} of a master: a 1500-octet MTU less the IPv4 and UDP headers. */
    public static final int DEFAULT_MAX_LENGTH = 1500 - 20 - 8;
    /** The largest {@code sync_maxlen}: 65535 less the IPv4 and UDP headers (keepalived's bound). */
    public static final int MAX_MAX_LENGTH = 65535 - 20 - 8;

    /** {@code SYNC_PROTO_VER}: the version in a v1 message header. */
    public static final int VERSION = 1;
    /** {@code sizeof(struct ip_vs_sync_mesg)}: the v1 header. */
    public static final int HEADER_LENGTH = 8;
    /** {@code sizeof(struct ip_vs_sync_mesg_v0)}: the v0 header, also the shortest message a receiver looks at. */
    public static final int V0_HEADER_LENGTH = 4;
    /** {@code sizeof(struct ip_vs_sync_v4)}. */
    public static final int V4_ENTRY_LENGTH = 36;
    /** {@code sizeof(struct ip_vs_sync_v6)}. */
    public static final int V6_ENTRY_LENGTH = 72;
    /** {@code SIMPLE_CONN_SIZE}: a v0 entry. */
    public static final int V0_ENTRY_LENGTH = 24;
    /** {@code sizeof(struct ip_vs_sync_conn_options)}: in_seq and out_seq, three u32 each. */
    public static final int SEQ_OPTIONS_LENGTH = 24;
    /** The most entries one message counts ({@code nr_conns} is one octet). */
    public static final int MAX_ENTRIES = 255;

    /** {@code STYPE_F_INET6}: bit 0 of an entry's Type. */
    public static final int TYPE_INET6 = 1;
    /** {@code SVER_SHIFT}, {@code SVER_MASK}: an entry's version (high 4 bits) and size (low 12). */
    public static final int ENTRY_VERSION_SHIFT = 12;
    public static final int ENTRY_SIZE_MASK = 0x0FFF;

    /** {@code IPVS_OPT_SEQ_DATA}, {@code IPVS_OPT_PE_DATA}, {@code IPVS_OPT_PE_NAME}. */
    public static final int OPTION_SEQ_DATA = 1;
    public static final int OPTION_PE_DATA = 2;
    public static final int OPTION_PE_NAME = 3;
    /** {@code IPVS_OPT_F_PARAM}: an option a receiver may skip when it does not know it. */
    public static final int OPTION_FLAG_PARAM = 1 << (7 - 1);
    /** {@code IP_VS_PEDATA_MAXLEN}, {@code IP_VS_PENAME_MAXLEN}. */
    public static final int PE_DATA_MAX_LENGTH = 255;
    public static final int PE_NAME_MAX_LENGTH = 16;

    /** Connection flags ({@code IP_VS_CONN_F_*}, uapi ip_vs.h). */
    public static final int FLAG_FWD_MASK = 0x0007;
    public static final int FLAG_MASQ = 0x0000;
    public static final int FLAG_TUNNEL = 0x0002;
    public static final int FLAG_DROUTE = 0x0003;
    public static final int FLAG_SYNC = 0x0020;
    public static final int FLAG_HASHED = 0x0040;
    public static final int FLAG_NOOUTPUT = 0x0080;
    public static final int FLAG_INACTIVE = 0x0100;
    public static final int FLAG_SEQ_MASK = 0x0600;
    public static final int FLAG_NO_CPORT = 0x0800;
    public static final int FLAG_TEMPLATE = 0x1000;
    public static final int FLAG_ONE_PACKET = 0x2000;
    /** {@code IP_VS_CONN_F_BACKUP_MASK}: the flags a backup takes from a message. */
    public static final int FLAG_BACKUP_MASK = FLAG_FWD_MASK | FLAG_NOOUTPUT | FLAG_INACTIVE | FLAG_SEQ_MASK
            | FLAG_NO_CPORT | FLAG_TEMPLATE;

    /** Protocols a backup accepts ({@code ip_vs_proto_get}) and their state counts. */
    public static final int PROTOCOL_TCP = 6;
    public static final int PROTOCOL_UDP = 17;
    public static final int PROTOCOL_SCTP = 132;
    /** {@code IP_VS_TCP_S_LAST}, {@code IP_VS_UDP_S_LAST}, {@code IP_VS_SCTP_S_LAST}. */
    public static final int TCP_STATES = 11;
    public static final int UDP_STATES = 1;
    public static final int SCTP_STATES = 11;

    private SyncProtocol() {
    }

    /** How many states IPVS knows for {@code protocol}, or 0 when it does not handle the protocol. */
    public static int stateCount(int protocol) {
        return switch (protocol) {
            case PROTOCOL_TCP -> TCP_STATES;
            case PROTOCOL_UDP -> UDP_STATES;
            case PROTOCOL_SCTP -> SCTP_STATES;
            default -> 0;
        };
    }
}
