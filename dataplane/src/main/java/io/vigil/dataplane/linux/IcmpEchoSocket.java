package io.vigil.dataplane.linux;

import static io.vigil.dataplane.linux.SocketOptions.AF_INET;
import static io.vigil.dataplane.linux.SocketOptions.AF_INET6;
import static io.vigil.dataplane.linux.SocketOptions.SOCK_CLOEXEC;
import static io.vigil.dataplane.linux.SocketOptions.SOCK_NONBLOCK;
import static io.vigil.dataplane.linux.SocketOptions.SOCK_RAW;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;

/**
 * A non-blocking, close-on-exec raw ICMP (protocol 1) or ICMPv6 (58) socket for echo requests (PING_CHECK), bound to
 * no interface and no address: the routing table picks the way out, as ping(8) does. The kernel filter passes only
 * echo replies, destination unreachable and time exceeded (ICMP_FILTER / ICMP6_FILTER), so the socket does not wake
 * for every ICMP message on the host; its receive buffer is {@value #RECEIVE_BUFFER_SOCKET_BYTES} bytes. IPv4 datagrams are received with their IP header; ICMPv6 ones without, with
 * the checksum computed and verified by the kernel (RFC 3542 §3.1). Needs CAP_NET_RAW.
 *
 * <p>Thread safety: one owner thread (the health-check event loop registers {@link #fd()} with Netty). The socket
 * belongs to the network namespace of the thread that opened it.
 */
public final class IcmpEchoSocket implements AutoCloseable {

    /**
     * Receive buffer asked for: replies to a burst of checks arrive together, and at the default 208 KiB a raw
     * socket holds only about 256 of them (each costs a full skb).
     */
    public static final int RECEIVE_BUFFER_SOCKET_BYTES = 1 << 20;
    /** Largest datagram read: an IPv4 header with options, an ICMP error and the datagram it quotes. */
    public static final int RECEIVE_BUFFER_BYTES = 2048;

    private final int fd;
    private final boolean ipv6;
    private final String context;
    private final OwnedDescriptor owned;
    private final MemorySegment destination;
    private final MemorySegment source;
    private final MemorySegment buffer;

    private IcmpEchoSocket(int fd, boolean ipv6) {
        this.fd = fd;
        this.ipv6 = ipv6;
        this.context = ipv6 ? "raw ICMPv6 socket" : "raw ICMP socket";
        Arena arena = Arena.ofShared();
        this.owned = new OwnedDescriptor(fd, arena, context);
        this.destination = arena.allocate(SockaddrIn6.LAYOUT);
        this.source = arena.allocate(SockaddrIn6.LAYOUT);
        this.buffer = arena.allocate(RECEIVE_BUFFER_BYTES);
    }

    /** Opens the socket for {@code family} (INET or INET6) in the calling thread's network namespace. */
    public static IcmpEchoSocket open(StandardProtocolFamily family) throws LinuxException {
        boolean v6 = switch (family) {
            case INET -> false;
            case INET6 -> true;
            case UNIX -> throw new IllegalArgumentException("ICMP sockets are INET or INET6, not UNIX");
        };
        int fd;
        try {
            fd = Libc.socket(v6 ? AF_INET6 : AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
                    v6 ? SocketOptions.IPPROTO_ICMPV6 : SocketOptions.IPPROTO_ICMP);
        } catch (LinuxException e) {
            throw e.withContext(v6 ? "raw ICMPv6 socket" : "raw ICMP socket");
        }
        IcmpEchoSocket socket = new IcmpEchoSocket(fd, v6);
        try {
            socket.filter();
            Libc.setsockopt(fd, SocketOptions.SOL_SOCKET, SocketOptions.SO_RCVBUF, RECEIVE_BUFFER_SOCKET_BYTES,
                    "SO_RCVBUF");
            return socket;
        } catch (LinuxException e) {
            socket.owned.closeQuietly();
            throw e.withContext(socket.context);
        }
    }

    /** Types passed up: echo reply, destination unreachable, time exceeded (RFC 792; RFC 4443 §3.1, §3.3, §4.2). */
    private void filter() throws LinuxException {
        try (Arena local = Arena.ofConfined()) {
            if (ipv6) {
                MemorySegment mask = local.allocate(JAVA_INT, 8);
                mask.fill((byte) 0xff);
                for (int type : new int[] {1, 3, 129}) {
                    int word = mask.getAtIndex(JAVA_INT, type >>> 5);
                    mask.setAtIndex(JAVA_INT, type >>> 5, word & ~(1 << (type & 31)));
                }
                Libc.setsockopt(fd, SocketOptions.IPPROTO_ICMPV6, SocketOptions.ICMP6_FILTER, mask, "ICMP6_FILTER");
            } else {
                int pass = (1 << 0) | (1 << 3) | (1 << 11);
                Libc.setsockopt(fd, SocketOptions.SOL_RAW, SocketOptions.ICMP_FILTER, ~pass, "ICMP_FILTER");
            }
        }
    }

    /**
     * Sends the ICMP message in {@code message} (native) to {@code to}. Returns false when the socket buffer is full
     * (EAGAIN); throws for every other failure, e.g. ENETUNREACH when no route leads to {@code to}.
     */
    public boolean send(MemorySegment message, InetAddress to) throws LinuxException {
        if ((to instanceof Inet6Address) != ipv6) {
            throw new IllegalArgumentException(to.getHostAddress() + " does not fit the " + context);
        }
        long size;
        if (ipv6) {
            SockaddrIn6.write(destination, (Inet6Address) to, 0, 0);
            size = SockaddrIn6.LAYOUT.byteSize();
        } else {
            SockaddrIn.write(destination, (Inet4Address) to, 0);
            size = SockaddrIn.LAYOUT.byteSize();
        }
        try {
            return Libc.sendto(fd, message, message.byteSize(), 0, destination.asSlice(0, size), context) >= 0;
        } catch (LinuxException e) {
            throw e.withContext("destination " + to.getHostAddress());
        }
    }

    /**
     * Reads one datagram without blocking into {@link #buffer()}; returns its length, or -1 when nothing is queued.
     * For IPv4 it starts with the IP header.
     */
    public long receive() throws LinuxException {
        for (int attempt = 0; ; attempt++) {
            source.fill((byte) 0);
            try {
                return Libc.recvfrom(fd, buffer, 0, source, context);
            } catch (LinuxException e) {
                // An ICMP error about a request we sent may also be reported once as the socket's error
                // (net/ipv4/raw.c raw_err); reading it clears it, and the error message itself is still queued.
                if (attempt > 0 || !reportedByIcmp(e.errno())) {
                    throw e;
                }
            }
        }
    }

    private static boolean reportedByIcmp(int errno) {
        return errno == Errno.ENETUNREACH || errno == Errno.EHOSTUNREACH || errno == Errno.ECONNREFUSED
                || errno == Errno.EMSGSIZE || errno == Errno.ENETDOWN;
    }

    /** The receive buffer; valid up to the length {@link #receive()} returned, until the next receive. */
    public MemorySegment buffer() {
        return buffer;
    }

    /** The source of the last datagram received (allocates). */
    public InetAddress source() {
        byte[] raw = source.asSlice(ipv6 ? SockaddrIn6.ADDRESS : SockaddrIn.ADDRESS, ipv6 ? 16 : 4)
                .toArray(JAVA_BYTE);
        try {
            if (ipv6) {
                int scope = source.get(JAVA_INT, SockaddrIn6.SCOPE_ID);
                return scope == 0 ? InetAddress.getByAddress(raw) : Inet6Address.getByAddress(null, raw, scope);
            }
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    /** The file descriptor, for registration with an event loop (Netty EpollIoHandle). */
    public int fd() {
        return fd;
    }

    /** Whether this is the ICMPv6 socket. */
    public boolean ipv6() {
        return ipv6;
    }

    /** Closes the socket; idempotent. */
    @Override
    public void close() throws LinuxException {
        owned.close();
    }

    @Override
    public String toString() {
        return "IcmpEchoSocket[fd " + fd + ", " + context + "]";
    }
}
