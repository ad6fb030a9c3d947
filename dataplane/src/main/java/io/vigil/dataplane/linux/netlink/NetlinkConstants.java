package io.vigil.dataplane.linux.netlink;

/**
 * Netlink and rtnetlink numbers Vigil uses, with the header that defines each (RFC 3549 describes the protocol;
 * the Linux uapi headers are the authority for the values).
 */
public final class NetlinkConstants {

    /** AF_NETLINK, linux/socket.h. */
    public static final int AF_NETLINK = 16;
    /** NETLINK_ROUTE, linux/netlink.h. */
    public static final int NETLINK_ROUTE = 0;
    /** SOL_NETLINK, linux/socket.h. */
    public static final int SOL_NETLINK = 270;
    /** NETLINK_CAP_ACK socket option, linux/netlink.h: acks carry only the request's header. */
    public static final int NETLINK_CAP_ACK = 10;
    /** NETLINK_EXT_ACK socket option, linux/netlink.h: errors carry the kernel's message as a TLV. */
    public static final int NETLINK_EXT_ACK = 11;

    /** NLMSG_NOOP, linux/netlink.h. */
    public static final int NLMSG_NOOP = 1;
    /** NLMSG_ERROR, linux/netlink.h: an ack (error 0) or a failure (-errno). */
    public static final int NLMSG_ERROR = 2;
    /** NLMSG_DONE, linux/netlink.h: end of a multi-part dump. */
    public static final int NLMSG_DONE = 3;
    /** NLMSG_OVERRUN, linux/netlink.h. */
    public static final int NLMSG_OVERRUN = 4;

    /** NLM_F_REQUEST, linux/netlink.h. */
    public static final int NLM_F_REQUEST = 0x01;
    /** NLM_F_MULTI, linux/netlink.h: part of a multi-part reply ended by NLMSG_DONE. */
    public static final int NLM_F_MULTI = 0x02;
    /** NLM_F_ACK, linux/netlink.h. */
    public static final int NLM_F_ACK = 0x04;
    /** NLM_F_DUMP_INTR, linux/netlink.h: the dump changed while it was read. */
    public static final int NLM_F_DUMP_INTR = 0x10;
    /** NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH, linux/netlink.h. */
    public static final int NLM_F_DUMP = 0x300;
    /** NLM_F_REPLACE, linux/netlink.h (NEW requests): replace an existing object. */
    public static final int NLM_F_REPLACE = 0x100;
    /** NLM_F_EXCL, linux/netlink.h (NEW requests): fail with EEXIST if the object exists. */
    public static final int NLM_F_EXCL = 0x200;
    /** NLM_F_CREATE, linux/netlink.h (NEW requests). */
    public static final int NLM_F_CREATE = 0x400;
    /** NLM_F_CAPPED, linux/netlink.h (NLMSG_ERROR): the echoed request was cut to its header. */
    public static final int NLM_F_CAPPED = 0x100;
    /** NLM_F_ACK_TLVS, linux/netlink.h (NLMSG_ERROR): extended-ack TLVs follow. */
    public static final int NLM_F_ACK_TLVS = 0x200;
    /** NLMSGERR_ATTR_MSG, linux/netlink.h: the kernel's error text, NUL-terminated. */
    public static final int NLMSGERR_ATTR_MSG = 1;

    /** RTM_NEWLINK, linux/rtnetlink.h. */
    public static final int RTM_NEWLINK = 16;
    /** RTM_DELLINK, linux/rtnetlink.h. */
    public static final int RTM_DELLINK = 17;
    /** RTM_GETLINK, linux/rtnetlink.h. */
    public static final int RTM_GETLINK = 18;
    /** RTM_NEWADDR, linux/rtnetlink.h. */
    public static final int RTM_NEWADDR = 20;
    /** RTM_DELADDR, linux/rtnetlink.h. */
    public static final int RTM_DELADDR = 21;
    /** RTM_GETADDR, linux/rtnetlink.h. */
    public static final int RTM_GETADDR = 22;
    /** RTM_NEWROUTE, linux/rtnetlink.h. */
    public static final int RTM_NEWROUTE = 24;
    /** RTM_GETROUTE, linux/rtnetlink.h. */
    public static final int RTM_GETROUTE = 26;
    /** RTM_NEWNEIGH, linux/rtnetlink.h. */
    public static final int RTM_NEWNEIGH = 28;
    /** RTM_DELNEIGH, linux/rtnetlink.h. */
    public static final int RTM_DELNEIGH = 29;
    /** RTM_GETNEIGH, linux/rtnetlink.h. */
    public static final int RTM_GETNEIGH = 30;

    /** RTMGRP_LINK, linux/rtnetlink.h. */
    public static final int RTMGRP_LINK = 0x1;
    /** RTMGRP_NEIGH, linux/rtnetlink.h: neighbour-table changes. */
    public static final int RTMGRP_NEIGH = 0x4;
    /** RTMGRP_IPV4_IFADDR, linux/rtnetlink.h. */
    public static final int RTMGRP_IPV4_IFADDR = 0x10;
    /** RTMGRP_IPV6_IFADDR, linux/rtnetlink.h. */
    public static final int RTMGRP_IPV6_IFADDR = 0x100;

    /** IFLA_ADDRESS, linux/if_link.h: the link-layer address. */
    public static final int IFLA_ADDRESS = 1;
    /** IFLA_IFNAME, linux/if_link.h. */
    public static final int IFLA_IFNAME = 3;
    /** IFLA_MTU, linux/if_link.h (u32). */
    public static final int IFLA_MTU = 4;
    /** IFLA_NUM_RX_QUEUES, linux/if_link.h (u32): the device's receive queues. */
    public static final int IFLA_NUM_RX_QUEUES = 32;
    /** IFLA_OPERSTATE, linux/if_link.h (u8, RFC 2863 ifOperStatus). */
    public static final int IFLA_OPERSTATE = 16;

    /** IFA_ADDRESS, linux/if_addr.h: the prefix (peer on point-to-point links). */
    public static final int IFA_ADDRESS = 1;
    /** IFA_LOCAL, linux/if_addr.h: the local address. */
    public static final int IFA_LOCAL = 2;
    /** IFA_LABEL, linux/if_addr.h (IPv4 only). */
    public static final int IFA_LABEL = 3;
    /** IFA_BROADCAST, linux/if_addr.h. */
    public static final int IFA_BROADCAST = 4;
    /** IFA_CACHEINFO, linux/if_addr.h: struct ifa_cacheinfo, the preferred and valid lifetimes. */
    public static final int IFA_CACHEINFO = 6;
    /** IFA_FLAGS, linux/if_addr.h: u32 flags that supersede ifa_flags. */
    public static final int IFA_FLAGS = 8;

    /** RTA_DST, linux/rtnetlink.h. */
    public static final int RTA_DST = 1;
    /** RTA_OIF, linux/rtnetlink.h (u32). */
    public static final int RTA_OIF = 4;
    /** RTA_GATEWAY, linux/rtnetlink.h. */
    public static final int RTA_GATEWAY = 5;
    /** RTA_PREFSRC, linux/rtnetlink.h. */
    public static final int RTA_PREFSRC = 7;
    /** RTA_TABLE, linux/rtnetlink.h (u32). */
    public static final int RTA_TABLE = 15;

    /** NDA_DST, linux/neighbour.h. */
    public static final int NDA_DST = 1;
    /** NDA_LLADDR, linux/neighbour.h. */
    public static final int NDA_LLADDR = 2;

    /** NLA_TYPE_MASK, linux/netlink.h: clears NLA_F_NESTED and NLA_F_NET_BYTEORDER. */
    public static final int NLA_TYPE_MASK = 0x3fff;

    /** IFF_UP, linux/if.h: administratively up. */
    public static final int IFF_UP = 0x1;
    /** IFF_LOOPBACK, linux/if.h. */
    public static final int IFF_LOOPBACK = 0x8;
    /** IFF_RUNNING, linux/if.h: operationally up (RFC 2863). */
    public static final int IFF_RUNNING = 0x40;
    /** IFF_LOWER_UP, linux/if.h: the driver signals carrier. */
    public static final int IFF_LOWER_UP = 0x10000;

    /** AF_INET, linux/socket.h. */
    public static final int AF_INET = 2;
    /** AF_INET6, linux/socket.h. */
    public static final int AF_INET6 = 10;

    /** RT_SCOPE_UNIVERSE, linux/rtnetlink.h. */
    public static final int RT_SCOPE_UNIVERSE = 0;
    /** RT_SCOPE_SITE, linux/rtnetlink.h. */
    public static final int RT_SCOPE_SITE = 200;
    /** RT_SCOPE_LINK, linux/rtnetlink.h. */
    public static final int RT_SCOPE_LINK = 253;
    /** RT_SCOPE_HOST, linux/rtnetlink.h. */
    public static final int RT_SCOPE_HOST = 254;

    /** RTN_UNICAST, linux/rtnetlink.h. */
    public static final int RTN_UNICAST = 1;
    /** RTN_LOCAL, linux/rtnetlink.h. */
    public static final int RTN_LOCAL = 2;

    /** IFA_F_SECONDARY, linux/if_addr.h. */
    public static final int IFA_F_SECONDARY = 0x01;
    /** IFA_F_NODAD, linux/if_addr.h: skip IPv6 duplicate address detection (keepalived sets it on VIPs). */
    public static final int IFA_F_NODAD = 0x02;
    /** IFA_F_DEPRECATED, linux/if_addr.h: preferred lifetime over, not chosen as a source address. */
    public static final int IFA_F_DEPRECATED = 0x20;
    /** IFA_F_TENTATIVE, linux/if_addr.h. */
    public static final int IFA_F_TENTATIVE = 0x40;
    /** IFA_F_PERMANENT, linux/if_addr.h. */
    public static final int IFA_F_PERMANENT = 0x80;

    /** NTF_USE (ndm_flags), linux/neighbour.h: "use" the entry, which starts resolution when it has none. */
    public static final int NTF_USE = 0x01;
    /** NUD_NONE, linux/neighbour.h: no state yet. */
    public static final int NUD_NONE = 0x00;
    /** NUD_INCOMPLETE, linux/neighbour.h. */
    public static final int NUD_INCOMPLETE = 0x01;
    /** NUD_REACHABLE, linux/neighbour.h. */
    public static final int NUD_REACHABLE = 0x02;
    /** NUD_STALE, linux/neighbour.h. */
    public static final int NUD_STALE = 0x04;
    /** NUD_DELAY, linux/neighbour.h. */
    public static final int NUD_DELAY = 0x08;
    /** NUD_PROBE, linux/neighbour.h. */
    public static final int NUD_PROBE = 0x10;
    /** NUD_FAILED, linux/neighbour.h. */
    public static final int NUD_FAILED = 0x20;
    /** NUD_NOARP, linux/neighbour.h. */
    public static final int NUD_NOARP = 0x40;
    /** NUD_PERMANENT, linux/neighbour.h. */
    public static final int NUD_PERMANENT = 0x80;

    private NetlinkConstants() {
    }

    /** The RTM_ name of a message type, for error texts, e.g. {@code RTM_NEWADDR}. */
    public static String messageTypeName(int type) {
        return switch (type) {
            case NLMSG_NOOP -> "NLMSG_NOOP";
            case NLMSG_ERROR -> "NLMSG_ERROR";
            case NLMSG_DONE -> "NLMSG_DONE";
            case NLMSG_OVERRUN -> "NLMSG_OVERRUN";
            case RTM_NEWLINK -> "RTM_NEWLINK";
            case RTM_DELLINK -> "RTM_DELLINK";
            case RTM_GETLINK -> "RTM_GETLINK";
            case RTM_NEWADDR -> "RTM_NEWADDR";
            case RTM_DELADDR -> "RTM_DELADDR";
            case RTM_GETADDR -> "RTM_GETADDR";
            case RTM_NEWROUTE -> "RTM_NEWROUTE";
            case RTM_GETROUTE -> "RTM_GETROUTE";
            case RTM_NEWNEIGH -> "RTM_NEWNEIGH";
            case RTM_DELNEIGH -> "RTM_DELNEIGH";
            case RTM_GETNEIGH -> "RTM_GETNEIGH";
            default -> "type " + type;
        };
    }
}
