package io.vigil.dataplane.linux;

import static io.vigil.dataplane.linux.SocketOptions.AF_INET;
import static io.vigil.dataplane.linux.SocketOptions.AF_INET6;
import static io.vigil.dataplane.linux.SocketOptions.IPPROTO_IP;
import static io.vigil.dataplane.linux.SocketOptions.IPPROTO_IPV6;
import static io.vigil.dataplane.linux.SocketOptions.SOCK_CLOEXEC;
import static io.vigil.dataplane.linux.SocketOptions.SOCK_NONBLOCK;
import static io.vigil.dataplane.linux.SocketOptions.SOCK_RAW;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;

/**
 * A non-blocking, close-on-exec raw IPv4 or IPv6 socket for one IP protocol (VRRP, 112) on one interface.
 *
 * <p>Senders send with TTL / hop limit {@value #HOP_LIMIT} (RFC 5798 §5.1.1.3, §5.1.2.3) out of their interface
 * (IP_MULTICAST_IF / IPV6_MULTICAST_IF), with multicast loop off; they may be bound to a source address, which a
 * VRRPv3 checksum must include. Receivers are bound to their interface (SO_BINDTODEVICE), are never bound to an
 * address (an address-bound raw socket never sees multicast), set IP_MULTICAST_ALL = 0 so that they only get the
 * groups they joined, and for IPv6 ask for the hop limit and destination as control messages.
 *
 * <p>Thread safety: one owner thread (the VRRP event loop registers {@link #fd()} with Netty). The socket belongs
 * to the network namespace of the thread that opened it, for its whole life.
 */
public final class RawIpSocket implements AutoCloseable {

    /** TTL / hop limit of VRRP packets, RFC 5798 §5.1.1.3 (IPv4) and §5.1.2.3 (IPv6). */
    public static final int HOP_LIMIT = 255;

    private final int fd;
    private final boolean ipv6;
    private final String interfaceName;
    private final int ifindex;
    private final int protocol;
    private final String context;
    private final Arena arena = Arena.ofShared();
    private final OwnedDescriptor owned;
    private final MemorySegment destination;
    private final MemorySegment pollFd;

    private RawIpSocket(int fd, boolean ipv6, String interfaceName, int ifindex, int protocol, String context) {
        this.fd = fd;
        this.ipv6 = ipv6;
        this.interfaceName = interfaceName;
        this.ifindex = ifindex;
        this.protocol = protocol;
        this.context = context;
        this.owned = new OwnedDescriptor(fd, arena, context);
        this.destination = arena.allocate(SockaddrIn6.LAYOUT);
        this.pollFd = arena.allocate(PollFd.LAYOUT);
        PollFd.write(pollFd, fd, PollFd.POLLIN);
    }

    /** A sender bound to {@code source} (IPv4 or IPv6; a link-local IPv6 source is scoped to the interface). */
    public static RawIpSocket sender(String interfaceName, int protocol, InetAddress source) throws LinuxException {
        return open(interfaceName, protocol, source instanceof Inet6Address, "source " + source.getHostAddress(),
                socket -> {
                    socket.configureSender();
                    socket.bind(source);
                });
    }

    /** A sender with no bound address: the kernel uses the interface's primary address as the source. */
    public static RawIpSocket sender(String interfaceName, int protocol, StandardProtocolFamily family)
            throws LinuxException {
        return open(interfaceName, protocol, isIpv6(family), "", RawIpSocket::configureSender);
    }

    /** A receiver on the interface; join groups with {@link #joinGroup}. */
    public static RawIpSocket receiver(String interfaceName, int protocol, StandardProtocolFamily family)
            throws LinuxException {
        return open(interfaceName, protocol, isIpv6(family), "", RawIpSocket::configureReceiver);
    }

    private static boolean isIpv6(StandardProtocolFamily family) {
        return switch (family) {
            case INET -> false;
            case INET6 -> true;
            case UNIX -> throw new IllegalArgumentException("raw IP sockets are INET or INET6, not UNIX");
        };
    }

    /** Configures a socket just opened; a failure closes it. */
    @FunctionalInterface
    private interface Setup {
        void apply(RawIpSocket socket) throws LinuxException;
    }

    private static RawIpSocket open(String interfaceName, int protocol, boolean v6, String extra, Setup setup)
            throws LinuxException {
        if (protocol <= 0 || protocol > 255) {
            throw new IllegalArgumentException("IP protocol " + protocol + ", expected 1..255");
        }
        String context = "interface " + interfaceName + ", " + (v6 ? "IPv6" : "IPv4") + " protocol " + protocol
                + (extra.isEmpty() ? "" : ", " + extra);
        int ifindex;
        int fd;
        try {
            ifindex = Libc.ifNameToIndex(interfaceName);
            fd = Libc.socket(v6 ? AF_INET6 : AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
        } catch (LinuxException e) {
            throw e.withContext(context);
        }
        RawIpSocket socket = new RawIpSocket(fd, v6, interfaceName, ifindex, protocol, context);
        try {
            setup.apply(socket);
            return socket;
        } catch (LinuxException e) {
            socket.closeQuietly();
            throw e.withContext(context);
        }
    }

    /** Binds to {@code source}; a link-local IPv6 source is scoped to the interface. */
    private void bind(InetAddress source) throws LinuxException {
        try (Arena local = Arena.ofConfined()) {
            MemorySegment address;
            if (ipv6) {
                address = local.allocate(SockaddrIn6.LAYOUT);
                SockaddrIn6.write(address, (Inet6Address) source, 0, source.isLinkLocalAddress() ? ifindex : 0);
            } else {
                address = local.allocate(SockaddrIn.LAYOUT);
                SockaddrIn.write(address, (Inet4Address) source, 0);
            }
            Libc.bind(fd, address, "fd " + fd);
        }
    }

    private void configureSender() throws LinuxException {
        if (ipv6) {
            Libc.setsockopt(fd, IPPROTO_IPV6, SocketOptions.IPV6_MULTICAST_HOPS, HOP_LIMIT, "IPV6_MULTICAST_HOPS");
            Libc.setsockopt(fd, IPPROTO_IPV6, SocketOptions.IPV6_UNICAST_HOPS, HOP_LIMIT, "IPV6_UNICAST_HOPS");
            Libc.setsockopt(fd, IPPROTO_IPV6, SocketOptions.IPV6_MULTICAST_LOOP, 0, "IPV6_MULTICAST_LOOP");
            Libc.setsockopt(fd, IPPROTO_IPV6, SocketOptions.IPV6_MULTICAST_IF, ifindex, "IPV6_MULTICAST_IF");
            Libc.setsockopt(fd, IPPROTO_IPV6, SocketOptions.IPV6_MULTICAST_ALL, 0, "IPV6_MULTICAST_ALL");
        } else {
            Libc.setsockopt(fd, IPPROTO_IP, SocketOptions.IP_MULTICAST_TTL, HOP_LIMIT, "IP_MULTICAST_TTL");
            Libc.setsockopt(fd, IPPROTO_IP, SocketOptions.IP_TTL, HOP_LIMIT, "IP_TTL");
            Libc.setsockopt(fd, IPPROTO_IP, SocketOptions.IP_MULTICAST_LOOP, 0, "IP_MULTICAST_LOOP");
            Libc.setsockopt(fd, IPPROTO_IP, SocketOptions.IP_MULTICAST_ALL, 0, "IP_MULTICAST_ALL");
            try (Arena local = Arena.ofConfined()) {
                MemorySegment mreqn = local.allocate(IpMreqn.LAYOUT);
                IpMreqn.write(mreqn, null, ifindex);
                Libc.setsockopt(fd, IPPROTO_IP, SocketOptions.IP_MULTICAST_IF, mreqn, "IP_MULTICAST_IF");
            }
        }
    }

    private void configureReceiver() throws LinuxException {
        try (Arena local = Arena.ofConfined()) {
            Libc.setsockopt(fd, SocketOptions.SOL_SOCKET, SocketOptions.SO_BINDTODEVICE,
                    local.allocateFrom(interfaceName), "SO_BINDTODEVICE");
        }
        if (ipv6) {
            Libc.setsockopt(fd, IPPROTO_IPV6, SocketOptions.IPV6_MULTICAST_ALL, 0, "IPV6_MULTICAST_ALL");
            Libc.setsockopt(fd, IPPROTO_IPV6, SocketOptions.IPV6_RECVHOPLIMIT, 1, "IPV6_RECVHOPLIMIT");
            Libc.setsockopt(fd, IPPROTO_IPV6, SocketOptions.IPV6_RECVPKTINFO, 1, "IPV6_RECVPKTINFO");
        } else {
            Libc.setsockopt(fd, IPPROTO_IP, SocketOptions.IP_MULTICAST_ALL, 0, "IP_MULTICAST_ALL");
        }
    }

    /** Joins a multicast group on this socket's interface (ip_mreqn / ipv6_mreq). */
    public void joinGroup(InetAddress group) throws LinuxException {
        membership(group, true);
    }

    /** Leaves a multicast group on this socket's interface. */
    public void leaveGroup(InetAddress group) throws LinuxException {
        membership(group, false);
    }

    private void membership(InetAddress group, boolean join) throws LinuxException {
        checkFamily(group);
        if (!group.isMulticastAddress()) {
            throw new IllegalArgumentException(group.getHostAddress() + " is not a multicast group");
        }
        try (Arena local = Arena.ofConfined()) {
            if (ipv6) {
                MemorySegment mreq = local.allocate(Ipv6Mreq.LAYOUT);
                Ipv6Mreq.write(mreq, (Inet6Address) group, ifindex);
                Libc.setsockopt(fd, IPPROTO_IPV6, join ? SocketOptions.IPV6_ADD_MEMBERSHIP : SocketOptions.IPV6_DROP_MEMBERSHIP,
                        mreq, join ? "IPV6_ADD_MEMBERSHIP" : "IPV6_DROP_MEMBERSHIP");
            } else {
                MemorySegment mreqn = local.allocate(IpMreqn.LAYOUT);
                IpMreqn.write(mreqn, (Inet4Address) group, ifindex);
                Libc.setsockopt(fd, IPPROTO_IP, join ? SocketOptions.IP_ADD_MEMBERSHIP : SocketOptions.IP_DROP_MEMBERSHIP,
                        mreqn, join ? "IP_ADD_MEMBERSHIP" : "IP_DROP_MEMBERSHIP");
            }
        } catch (LinuxException e) {
            throw e.withContext(context + ", group " + group.getHostAddress());
        }
    }

    private void checkFamily(InetAddress address) {
        if ((address instanceof Inet6Address) != ipv6) {
            throw new IllegalArgumentException(address.getHostAddress() + " is not an " + (ipv6 ? "IPv6" : "IPv4")
                    + " address, but this socket is " + (ipv6 ? "IPv6" : "IPv4") + " (" + context + ")");
        }
    }

    /**
     * Sends {@code payload} (a native segment holding the protocol message, without IP header) to
     * {@code destination}. Returns false when the socket buffer is full (EAGAIN), true when sent.
     */
    public boolean send(MemorySegment payload, InetAddress destination) throws LinuxException {
        checkFamily(destination);
        if (!payload.isNative()) {
            throw new IllegalArgumentException("payload must be a native segment");
        }
        if (ipv6) {
            boolean linkScope = destination.isLinkLocalAddress() || destination.isMCLinkLocal();
            SockaddrIn6.write(this.destination, (Inet6Address) destination, 0, linkScope ? ifindex : 0);
        } else {
            SockaddrIn.write(this.destination, (Inet4Address) destination, 0);
        }
        MemorySegment address = this.destination.asSlice(0, ipv6 ? SockaddrIn6.LAYOUT.byteSize() : SockaddrIn.LAYOUT.byteSize());
        try {
            return Libc.sendto(fd, payload, payload.byteSize(), 0, address, context) >= 0;
        } catch (LinuxException e) {
            throw e.withContext("destination " + destination.getHostAddress());
        }
    }

    /**
     * Receives one datagram into {@code into} without blocking. Returns false when nothing is queued (EAGAIN).
     */
    public boolean receive(ReceivedDatagram into) throws LinuxException {
        long count = Libc.recvmsg(fd, into.prepare(), 0, context);
        if (count < 0) {
            return false;
        }
        into.complete(count, ipv6, ifindex);
        return true;
    }

    /** Waits up to {@code timeoutMillis} for a datagram (poll(2)); true when one is ready. */
    public boolean awaitReadable(int timeoutMillis) throws LinuxException {
        PollFd.write(pollFd, fd, PollFd.POLLIN);
        return Libc.poll(pollFd, 1, timeoutMillis) > 0;
    }

    /** The file descriptor, for registration with an event loop (Netty EpollIoHandle). */
    public int fd() {
        return fd;
    }

    /** The interface name given at open. */
    public String interfaceName() {
        return interfaceName;
    }

    /** The interface's index in the socket's network namespace. */
    public int ifindex() {
        return ifindex;
    }

    /** The IP protocol number. */
    public int protocol() {
        return protocol;
    }

    /** Whether this is an AF_INET6 socket. */
    public boolean ipv6() {
        return ipv6;
    }

    private void closeQuietly() {
        owned.closeQuietly();
    }

    /** Closes the socket; idempotent. */
    @Override
    public void close() throws LinuxException {
        owned.close();
    }

    @Override
    public String toString() {
        return "RawIpSocket[fd " + fd + ", " + context + "]";
    }
}
