package io.vigil.healthcheck.check;

import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A TCP socket that serves one probe after another on one health loop: opened once (socket(2), SO_LINGER 0,
 * TCP_DEFER_ACCEPT, the optional bind, EPOLL_CTL_ADD edge-triggered for input, output and hang-up) and between probes
 * dissolved with connect(2) to AF_UNSPEC, which resets an open connection as close(2) with SO_LINGER 0 would, frees
 * the local port and leaves the socket ready for the next connect. A probe then costs the kernel a connect and a
 * disconnect instead of socket, setsockopt, getsockname, connect, two epoll_ctl and close (and the file, inode and
 * socket allocations behind them).
 *
 * <p>TCP_DEFER_ACCEPT holds back the ACK of the SYN-ACK ({@link InetStreamSocket#deferHandshakeAck()}): an HTTP
 * request carries it, and a TCP_CHECK, which passes at the SYN-ACK as keepalived's does, resets before it would leave.
 * The real server's kernel then answers the SYN and forgets the half-open connection at the reset; its application
 * never accepts a TCP_CHECK probe (keepalived completes the handshake and closes, which servers such as MySQL count
 * as aborted connections, and sshd logs). The result is the same: only a SYN-ACK makes the check pass.
 *
 * <p>Events reach the probe that holds the socket ({@link #attach}); with none attached (between probes) they are
 * dropped. Edge-triggered epoll computes the reported mask when epoll_wait(2) collects it, so the hang-up that a
 * disconnect raises is gone once the next probe's connect has put the socket into SYN_SENT, and the connect clears a
 * disconnect's pending error (tcp_connect_init). Threading: everything runs on {@code loop}.
 */
final class ProbeSocket implements EpollIoHandle {

    /** EPOLLHUP, which {@link EpollIoOps} has no constant for (epoll_ctl(2): reported whether asked for or not). */
    static final int EPOLLHUP = 0x010;

    private static final EpollIoOps INTEREST =
            EpollIoOps.EPOLLOUT.with(EpollIoOps.EPOLLIN).with(EpollIoOps.EPOLLRDHUP).with(EpollIoOps.EPOLLET);

    private final InetStreamSocket socket;
    private final ProbeSocketPool.Key key;
    private IoRegistration registration;
    private EpollTcpProbe owner;
    private boolean closed;

    private ProbeSocket(InetStreamSocket socket, ProbeSocketPool.Key key) {
        this.socket = socket;
        this.key = key;
    }

    /**
     * Opens a socket of {@code target}'s family, bound to {@code bindTo} when given, and registers it on {@code loop};
     * on failure nothing stays open.
     */
    static ProbeSocket open(IoEventLoop loop, InetAddress target, InetSocketAddress bindTo, ProbeSocketPool.Key key)
            throws IOException {
        InetStreamSocket socket = InetStreamSocket.open(target);
        ProbeSocket probeSocket = new ProbeSocket(socket, key);
        try {
            socket.setSoLinger(0);
            socket.deferHandshakeAck();
            if (bindTo != null) {
                socket.bind(bindTo);
            }
            probeSocket.registration = loop.register(probeSocket).getNow();
            if (probeSocket.registration == null) {
                throw new IOException("could not register a probe socket on the health-check loop");
            }
            probeSocket.registration.submit(INTEREST);
        } catch (IOException | RuntimeException e) {
            probeSocket.close();
            throw e;
        }
        return probeSocket;
    }

    InetStreamSocket socket() {
        return socket;
    }

    ProbeSocketPool.Key key() {
        return key;
    }

    boolean isClosed() {
        return closed;
    }

    /** Hands the socket's events to {@code probe} until {@link #detach()}. */
    void attach(EpollTcpProbe probe) {
        owner = probe;
    }

    void detach() {
        owner = null;
    }

    /**
     * Ends the connection (a reset if it was open) and leaves the socket unconnected for the next probe; returns
     * false, with the socket closed, when that fails.
     */
    boolean recycle() {
        if (closed) {
            return false;
        }
        try {
            socket.disconnect();
            return true;
        } catch (IOException | RuntimeException e) {
            close();
            return false;
        }
    }

    @Override
    public void handle(IoRegistration registration, IoEvent event) {
        EpollTcpProbe probe = owner;
        if (probe != null) {
            probe.onEvent(((EpollIoEvent) event).ops().value());
        }
    }

    @Override
    public FileDescriptor fd() {
        return socket;
    }

    /**
     * Removes the socket from the epoll set and closes it: EPOLL_CTL_DEL comes first because a forked child may hold
     * the descriptor until its exec, and close(2) drops a socket from an epoll set only with its last reference. The
     * event loop calls this when it shuts down; a probe still attached is failed first.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        EpollTcpProbe probe = owner;
        owner = null;
        if (probe != null) {
            probe.loopClosed();
        }
        if (registration != null) {
            registration.cancel();
            registration = null;
        }
        try {
            socket.close();
        } catch (IOException e) {
            // the descriptor is gone either way
        }
    }
}
