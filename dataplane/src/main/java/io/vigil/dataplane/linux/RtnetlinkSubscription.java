package io.vigil.dataplane.linux;

import io.vigil.dataplane.linux.netlink.NetlinkConstants;
import io.vigil.dataplane.linux.netlink.NetlinkCursor;
import io.vigil.dataplane.linux.netlink.ParseDiagnostics;
import io.vigil.dataplane.linux.netlink.ResyncNeeded;
import io.vigil.dataplane.linux.netlink.RtnetlinkEvent;
import java.util.function.Consumer;

/**
 * Link and address announcements of one network namespace: a non-blocking AF_NETLINK socket bound to
 * RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR. Register {@link #fd()} for readability with an event loop
 * (Netty's EpollIoHandle) and call {@link #drain} when it fires.
 *
 * <p>When the kernel dropped announcements because the socket buffer was full (ENOBUFS), or one did not fit the
 * receive buffer, {@link #drain} reports {@link ResyncNeeded} and goes on: list links and addresses again.
 * Malformed announcements are skipped and counted in {@link #diagnostics()}. Not thread safe: one owner thread
 * (the event loop).
 */
public final class RtnetlinkSubscription implements AutoCloseable {

    /** The groups joined. */
    public static final int GROUPS = NetlinkConstants.RTMGRP_LINK | NetlinkConstants.RTMGRP_IPV4_IFADDR
            | NetlinkConstants.RTMGRP_IPV6_IFADDR;
    private static final String OPERATION = "recvfrom(rtnetlink events)";

    private final NetlinkSocket socket;

    private RtnetlinkSubscription(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** Subscribes in the calling thread's network namespace. */
    public static RtnetlinkSubscription open() throws LinuxException {
        return open(0);
    }

    /** Subscribes with SO_RCVBUF set to {@code socketBufferBytes} (0: the system default). */
    static RtnetlinkSubscription open(int socketBufferBytes) throws LinuxException {
        return new RtnetlinkSubscription(NetlinkSocket.open(GROUPS, 0, socketBufferBytes));
    }

    /** The socket's file descriptor, for poll/epoll (level-triggered readability). */
    public int fd() {
        return socket.fd();
    }

    /**
     * Reads every waiting announcement until EAGAIN and hands the decoded events to {@code sink}, in kernel order.
     * Returns the number of events delivered.
     *
     * @throws LinuxException for socket failures other than EAGAIN and ENOBUFS (e.g. EBADF after close)
     */
    public int drain(Consumer<? super RtnetlinkEvent> sink) throws LinuxException {
        int delivered = 0;
        while (true) {
            long n;
            try {
                n = socket.receive(OPERATION);
            } catch (LinuxException e) {
                if (e.errno() != Errno.ENOBUFS) {
                    throw e;
                }
                sink.accept(new ResyncNeeded(e.getMessage()));
                delivered++;
                continue;
            }
            if (n < 0) {
                return delivered;
            }
            if (n > NetlinkSocket.RECEIVE_BUFFER_BYTES) {
                sink.accept(new ResyncNeeded("announcement of " + n + " bytes did not fit the "
                        + NetlinkSocket.RECEIVE_BUFFER_BYTES + "-byte buffer"));
                delivered++;
                continue;
            }
            delivered += deliver(socket.cursor(), sink);
        }
    }

    private int deliver(NetlinkCursor cursor, Consumer<? super RtnetlinkEvent> sink) {
        int delivered = 0;
        while (cursor.next()) {
            RtnetlinkEvent event = socket.decoder().event(cursor);
            if (event != null) {
                sink.accept(event);
                delivered++;
            }
        }
        if (cursor.malformed() != null) {
            socket.diagnostics().record("announcement: " + cursor.malformed());
        }
        return delivered;
    }

    /** Announcements skipped as malformed or from another sender than the kernel, with the latest reason. */
    public ParseDiagnostics diagnostics() {
        return socket.diagnostics();
    }

    @Override
    public void close() throws LinuxException {
        socket.close();
    }
}
