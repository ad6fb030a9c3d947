package io.vigil.dataplane.linux;

/**
 * Socket domains, types, flags and the IPv4 / IPv6 socket options Vigil sets, with the header each value comes
 * from (x86_64 glibc and Linux UAPI headers).
 */
public final class SocketOptions {

    /** AF_UNIX, bits/socket.h. */
    public static final int AF_UNIX = 1;
    /** AF_INET, bits/socket.h. */
    public static final int AF_INET = 2;
    /** AF_INET6, bits/socket.h. */
    public static final int AF_INET6 = 10;
    /** AF_PACKET, bits/socket.h. */
    public static final int AF_PACKET = 17;

    /** SOCK_DGRAM, bits/socket_type.h. */
    public static final int SOCK_DGRAM = 2;
    /** SOCK_RAW, bits/socket_type.h. */
    public static final int SOCK_RAW = 3;
    /** SOCK_NONBLOCK (= O_NONBLOCK 04000), bits/socket_type.h. */
    public static final int SOCK_NONBLOCK = 0x800;
    /** SOCK_CLOEXEC (= O_CLOEXEC 02000000), bits/socket_type.h. */
    public static final int SOCK_CLOEXEC = 0x80000;

    /** MSG_TRUNC, bits/socket.h: the datagram was longer than the buffer. */
    public static final int MSG_TRUNC = 0x20;
    /** MSG_DONTWAIT, bits/socket.h. */
    public static final int MSG_DONTWAIT = 0x40;
    /** MSG_NOSIGNAL, bits/socket.h: no SIGPIPE when the peer is gone. */
    public static final int MSG_NOSIGNAL = 0x4000;
    /** MSG_CTRUNC in msg_flags, bits/socket.h: control data was truncated. */
    public static final int MSG_CTRUNC = 0x08;

    /** SOL_SOCKET, asm-generic/socket.h. */
    public static final int SOL_SOCKET = 1;
    /** SO_RCVBUF, asm-generic/socket.h: the receive buffer size (the kernel doubles it, capped by rmem_max). */
    public static final int SO_RCVBUF = 8;
    /** SO_BINDTODEVICE, asm-generic/socket.h: receive only what arrives on one interface. */
    public static final int SO_BINDTODEVICE = 25;

    /** IPPROTO_IP (the IPv4 option level), netinet/in.h. */
    public static final int IPPROTO_IP = 0;
    /** IPPROTO_IPV6 (the IPv6 option level), netinet/in.h. */
    public static final int IPPROTO_IPV6 = 41;
    /** IPPROTO_ICMP, netinet/in.h: ICMP, IP protocol 1 (RFC 792). */
    public static final int IPPROTO_ICMP = 1;
    /** IPPROTO_ICMPV6, netinet/in.h: ICMPv6, next header 58 (RFC 4443); also the ICMPv6 option level. */
    public static final int IPPROTO_ICMPV6 = 58;
    /** SOL_RAW, bits/socket.h: the option level of raw IPv4 sockets. */
    public static final int SOL_RAW = 255;
    /** ICMP_FILTER, linux/icmp.h: a 32-bit mask of ICMP types (bit set = dropped) for a raw ICMP socket. */
    public static final int ICMP_FILTER = 1;
    /** ICMP6_FILTER, linux/icmpv6.h: a 256-bit mask of ICMPv6 types (bit set = blocked), RFC 3542 §3.2. */
    public static final int ICMP6_FILTER = 1;
    /** IPPROTO_IPIP, netinet/in.h: IPv4 in IPv4 encapsulation, IP protocol 4 (RFC 2003 §3.1). */
    public static final int IPPROTO_IPIP = 4;
    /** IPPROTO_VRRP, IANA protocol number 112 (RFC 5798 §5.1.1.4). */
    public static final int IPPROTO_VRRP = 112;

    /** IP_TTL, bits/in.h: TTL of unicast datagrams. */
    public static final int IP_TTL = 2;
    /** IP_MULTICAST_IF, bits/in.h: takes an ip_mreqn naming the outgoing interface. */
    public static final int IP_MULTICAST_IF = 32;
    /** IP_MULTICAST_TTL, bits/in.h. */
    public static final int IP_MULTICAST_TTL = 33;
    /** IP_MULTICAST_LOOP, bits/in.h. */
    public static final int IP_MULTICAST_LOOP = 34;
    /** IP_ADD_MEMBERSHIP, bits/in.h: takes an ip_mreqn. */
    public static final int IP_ADD_MEMBERSHIP = 35;
    /** IP_DROP_MEMBERSHIP, bits/in.h. */
    public static final int IP_DROP_MEMBERSHIP = 36;
    /** IP_MULTICAST_ALL, bits/in.h: defaults to 1, which delivers groups joined by any socket. */
    public static final int IP_MULTICAST_ALL = 49;

    /** IPV6_UNICAST_HOPS, linux/in6.h. */
    public static final int IPV6_UNICAST_HOPS = 16;
    /** IPV6_MULTICAST_IF, linux/in6.h: takes an int ifindex. */
    public static final int IPV6_MULTICAST_IF = 17;
    /** IPV6_MULTICAST_HOPS, linux/in6.h. */
    public static final int IPV6_MULTICAST_HOPS = 18;
    /** IPV6_MULTICAST_LOOP, linux/in6.h. */
    public static final int IPV6_MULTICAST_LOOP = 19;
    /** IPV6_ADD_MEMBERSHIP (IPV6_JOIN_GROUP), linux/in6.h: takes an ipv6_mreq. */
    public static final int IPV6_ADD_MEMBERSHIP = 20;
    /** IPV6_DROP_MEMBERSHIP (IPV6_LEAVE_GROUP), linux/in6.h. */
    public static final int IPV6_DROP_MEMBERSHIP = 21;
    /** IPV6_MULTICAST_ALL, linux/in6.h. */
    public static final int IPV6_MULTICAST_ALL = 29;
    /** IPV6_RECVPKTINFO, linux/in6.h: deliver an IPV6_PKTINFO control message on receive. */
    public static final int IPV6_RECVPKTINFO = 49;
    /** IPV6_PKTINFO control message type (struct in6_pktinfo), linux/in6.h. */
    public static final int IPV6_PKTINFO = 50;
    /** IPV6_RECVHOPLIMIT, linux/in6.h: deliver an IPV6_HOPLIMIT control message on receive. */
    public static final int IPV6_RECVHOPLIMIT = 51;
    /** IPV6_HOPLIMIT control message type (int), linux/in6.h. */
    public static final int IPV6_HOPLIMIT = 52;

    private SocketOptions() {
    }
}
