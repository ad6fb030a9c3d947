package io.vigil.dataplane.linux;

import static io.vigil.dataplane.linux.SocketOptions.AF_INET;
import static io.vigil.dataplane.linux.SocketOptions.SOCK_CLOEXEC;
import static io.vigil.dataplane.linux.SocketOptions.SOCK_NONBLOCK;
import static io.vigil.dataplane.linux.SocketOptions.SOCK_RAW;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A non-blocking, close-on-exec raw IPv4 socket for IP protocol 4, IPv4-in-IPv4 (RFC 2003), bound to no interface
 * and no address. It receives every IPIP packet addressed to the host, outer IPv4 header included (raw(7)), after
 * the kernel has reassembled fragments; while it is open the kernel sends no "protocol unreachable" for them, which
 * is what lets a host without the {@code ipip} module decapsulate in user space. On send the payload is the inner
 * packet and the kernel builds the outer header (protocol 4, source chosen by routing).
 *
 * <p>Needs CAP_NET_RAW (EPERM otherwise). Thread safety: {@link #receive}, {@link #awaitReadable} and {@link #send}
 * allocate nothing and belong to one packet thread; {@link #close} to the owner after that thread stopped. The
 * socket belongs to the network namespace of the thread that opened it.
 */
public final class IpipSocket implements AutoCloseable {

    /** Receive buffer asked for, so a burst of client packets is not dropped while the loop writes to the TUN device. */
    public static final int RECEIVE_BUFFER_SOCKET_BYTES = 1 << 20;

    private static final String CONTEXT = "raw IPIP socket (IP protocol 4)";

    private final int fd;
    private final OwnedDescriptor owned;
    private final MemorySegment destination;
    private final MemorySegment pollFd;

    private IpipSocket(int fd, Arena arena) {
        this.fd = fd;
        this.owned = new OwnedDescriptor(fd, arena, CONTEXT);
        this.destination = arena.allocate(SockaddrIn.LAYOUT);
        this.pollFd = arena.allocate(PollFd.LAYOUT);
    }

    /** Opens the socket in the calling thread's network namespace. */
    public static IpipSocket open() throws LinuxException {
        int fd;
        try {
            fd = Libc.socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, SocketOptions.IPPROTO_IPIP);
        } catch (LinuxException e) {
            throw e.withContext(CONTEXT);
        }
        IpipSocket socket = new IpipSocket(fd, Arena.ofShared());
        try {
            Libc.setsockopt(fd, SocketOptions.SOL_SOCKET, SocketOptions.SO_RCVBUF, RECEIVE_BUFFER_SOCKET_BYTES,
                    "SO_RCVBUF");
            return socket;
        } catch (LinuxException e) {
            socket.owned.closeQuietly();
            throw e.withContext(CONTEXT);
        }
    }

    /**
     * Reads one IPIP packet, outer header first, into {@code buffer} (native). Returns its length (cut at the buffer's
     * size), or -1 when none is queued.
     */
    public long receive(MemorySegment buffer) throws LinuxException {
        return Libc.read(fd, buffer, CONTEXT);
    }

    /** Waits up to {@code timeoutMillis} for a packet to {@link #receive} (poll(2)); true when one is ready. */
    public boolean awaitReadable(int timeoutMillis) throws LinuxException {
        PollFd.write(pollFd, fd, PollFd.POLLIN);
        return Libc.poll(pollFd, 1, timeoutMillis) > 0;
    }

    /**
     * Encapsulates the inner packet in the first {@code length} bytes of {@code inner} (native) and sends it to
     * {@code destination} (host-order IPv4 bits, a.b.c.d is {@code a << 24 | ...}). Returns false when the socket
     * buffer is full (EAGAIN).
     */
    public boolean send(MemorySegment inner, long length, int destination) throws LinuxException {
        SockaddrIn.write(this.destination, destination, 0);
        return Libc.sendto(fd, inner, length, 0, this.destination, CONTEXT) >= 0;
    }

    /** The file descriptor, for registration with an event loop. */
    public int fd() {
        return fd;
    }

    /** Closes the socket; idempotent. */
    @Override
    public void close() throws LinuxException {
        owned.close();
    }

    @Override
    public String toString() {
        return "IpipSocket[fd " + fd + "]";
    }
}
