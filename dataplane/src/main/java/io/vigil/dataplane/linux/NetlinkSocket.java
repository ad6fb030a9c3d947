package io.vigil.dataplane.linux;

import static io.vigil.dataplane.linux.netlink.NetlinkStructs.NL_FAMILY;
import static io.vigil.dataplane.linux.netlink.NetlinkStructs.NL_GROUPS;
import static io.vigil.dataplane.linux.netlink.NetlinkStructs.NL_PID;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.vigil.dataplane.linux.netlink.NetlinkAck;
import io.vigil.dataplane.linux.netlink.NetlinkConstants;
import io.vigil.dataplane.linux.netlink.NetlinkCursor;
import io.vigil.dataplane.linux.netlink.NetlinkRequest;
import io.vigil.dataplane.linux.netlink.NetlinkStructs;
import io.vigil.dataplane.linux.netlink.ParseDiagnostics;
import io.vigil.dataplane.linux.netlink.ReplyMatcher;
import io.vigil.dataplane.linux.netlink.RtnetlinkDecoder;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.Consumer;

/**
 * One AF_NETLINK / NETLINK_ROUTE socket with its preallocated buffers: a 32 KiB receive buffer (the most the
 * kernel puts in one dump datagram, SKB_WITH_OVERHEAD(32768)), a request buffer, and the sender address. It checks
 * that datagrams come from the kernel (port id 0) and that replies carry this socket's port id and the request's
 * sequence number. Single owner thread at a time; the socket stays in the network namespace it was opened in.
 */
final class NetlinkSocket implements AutoCloseable {

    /** Receive buffer size. */
    static final int RECEIVE_BUFFER_BYTES = 32 * 1024;
    private static final int REQUEST_BUFFER_BYTES = 512;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_NONBLOCK = 0x800;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVBUF = 8;
    private static final int SO_RCVTIMEO = 20;
    private static final int MSG_TRUNC = 0x20;

    private final int fd;
    private final int portId;
    private final String name;
    private final Arena arena;
    private final MemorySegment receiveBuffer;
    private final MemorySegment sender;
    private final MemorySegment kernel;
    private final NetlinkRequest request;
    private final NetlinkCursor cursor = new NetlinkCursor();
    private final ParseDiagnostics diagnostics = new ParseDiagnostics();
    private final RtnetlinkDecoder decoder = new RtnetlinkDecoder(diagnostics);
    private final ReplyMatcher matcher = new ReplyMatcher(decoder);
    private final int receiveTimeoutMillis;
    private int sequence;
    private boolean closed;

    private NetlinkSocket(int fd, int portId, String name, Arena arena, int receiveTimeoutMillis) {
        this.fd = fd;
        this.portId = portId;
        this.name = name;
        this.arena = arena;
        this.receiveTimeoutMillis = receiveTimeoutMillis;
        this.receiveBuffer = arena.allocate(RECEIVE_BUFFER_BYTES, 8);
        this.sender = arena.allocate(NetlinkStructs.SOCKADDR_NL);
        this.kernel = arena.allocate(NetlinkStructs.SOCKADDR_NL);
        kernel.set(JAVA_SHORT, NL_FAMILY, (short) NetlinkConstants.AF_NETLINK);
        this.request = new NetlinkRequest(arena.allocate(REQUEST_BUFFER_BYTES, 8));
    }

    /**
     * Opens and binds a socket. With {@code groups} 0 it is a blocking request socket whose receives time out after
     * {@code receiveTimeoutMillis}; otherwise a non-blocking listener on those RTMGRP_* groups. A positive
     * {@code socketBufferBytes} sets SO_RCVBUF (the kernel doubles it and applies its minimum).
     */
    static NetlinkSocket open(int groups, int receiveTimeoutMillis, int socketBufferBytes) throws LinuxException {
        boolean listener = groups != 0;
        String name = listener ? "rtnetlink listener (groups 0x" + Integer.toHexString(groups) + ")" : "rtnetlink";
        int fd = Libc.socket(NetlinkConstants.AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | (listener ? SOCK_NONBLOCK : 0),
                NetlinkConstants.NETLINK_ROUTE);
        Arena arena = Arena.ofShared();
        try {
            Libc.setsockopt(fd, NetlinkConstants.SOL_NETLINK, NetlinkConstants.NETLINK_EXT_ACK, 1, "NETLINK_EXT_ACK");
            Libc.setsockopt(fd, NetlinkConstants.SOL_NETLINK, NetlinkConstants.NETLINK_CAP_ACK, 1, "NETLINK_CAP_ACK");
            if (socketBufferBytes > 0) {
                Libc.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, socketBufferBytes, "SO_RCVBUF");
            }
            if (!listener) {
                MemorySegment timeval = arena.allocate(16, 8);
                timeval.set(JAVA_LONG, 0, receiveTimeoutMillis / 1000);
                timeval.set(JAVA_LONG, 8, (receiveTimeoutMillis % 1000) * 1000L);
                Libc.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeval, "SO_RCVTIMEO");
            }
            MemorySegment local = arena.allocate(NetlinkStructs.SOCKADDR_NL);
            local.set(JAVA_SHORT, NL_FAMILY, (short) NetlinkConstants.AF_NETLINK);
            local.set(JAVA_INT, NL_GROUPS, groups);
            Libc.bind(fd, local, name);
            Libc.getsockname(fd, local);
            return new NetlinkSocket(fd, local.get(JAVA_INT, NL_PID), name, arena, receiveTimeoutMillis);
        } catch (LinuxException e) {
            closeQuietly(fd, arena);
            throw e.withContext(name);
        }
    }

    private static void closeQuietly(int fd, Arena arena) {
        try {
            Libc.close(fd);
        } catch (LinuxException ignored) {
            // The original failure is the one worth reporting.
        }
        arena.close();
    }

    int fd() {
        return fd;
    }

    int portId() {
        return portId;
    }

    ParseDiagnostics diagnostics() {
        return diagnostics;
    }

    RtnetlinkDecoder decoder() {
        return decoder;
    }

    NetlinkCursor cursor() {
        return cursor;
    }

    /** The request builder; build into it, then call {@link #exchange}. */
    NetlinkRequest request() {
        return request;
    }

    /** The sequence number for the next request. */
    int nextSequence() {
        sequence = sequence == Integer.MAX_VALUE ? 1 : sequence + 1;
        return sequence;
    }

    /**
     * Receives one datagram into the buffer and wraps the cursor over it. Returns its length, -1 when nothing is
     * waiting (EAGAIN: a listener is drained, or a request timed out), 0 when a datagram from another sender than
     * the kernel was dropped, or a length above {@link #RECEIVE_BUFFER_BYTES} when the datagram was truncated.
     */
    long receive(String operation) throws LinuxException {
        long n = Libc.recvfrom(fd, receiveBuffer, MSG_TRUNC, sender, operation + " on " + name);
        if (n < 0 || n > RECEIVE_BUFFER_BYTES) {
            return n;
        }
        int from = sender.get(JAVA_INT, NL_PID);
        if (from != 0) {
            diagnostics.record("datagram of " + n + " bytes from port id " + from + ": expected the kernel (0)");
            return 0;
        }
        cursor.wrap(receiveBuffer, (int) n);
        return n;
    }

    /**
     * Sends the request built in {@link #request()} and reads replies until it is answered: an ack or error
     * (NLMSG_ERROR), the end of a dump (NLMSG_DONE), or one non-multipart reply. Each reply message is handed to
     * {@code onReply} under the cursor. Returns false when a dump reported NLM_F_DUMP_INTR (inconsistent: retry).
     *
     * @throws LinuxException named {@code operation}, with the kernel's errno and {@code detail}, on an error reply,
     *                        a timeout (EAGAIN), a truncated reply (EMSGSIZE) or an overrun (ENOBUFS)
     */
    boolean exchange(int seq, String operation, String detail, Consumer<NetlinkCursor> onReply) throws LinuxException {
        int length = request.finish();
        long sent = Libc.sendto(fd, request.message(), length, 0, kernel, operation + " on " + name);
        if (sent != length) {
            throw new LinuxException(operation, Errno.EAGAIN, detail + ", sent " + sent + " of " + length + " bytes");
        }
        matcher.expect(seq, portId);
        while (true) {
            long n = receive(operation);
            if (n < 0) {
                throw new LinuxException(operation, Errno.EAGAIN, detail + ", no reply within " + receiveTimeoutMillis + " ms");
            }
            if (n > RECEIVE_BUFFER_BYTES) {
                throw new LinuxException(operation, Errno.EMSGSIZE,
                        detail + ", reply of " + n + " bytes exceeds the " + RECEIVE_BUFFER_BYTES + "-byte buffer");
            }
            if (n == 0) {
                continue;
            }
            switch (matcher.datagram(cursor, onReply)) {
                case MORE -> { }
                case DONE -> {
                    return matcher.consistent();
                }
                case FAILED -> {
                    NetlinkAck failure = matcher.failure();
                    throw new LinuxException(operation, failure.errno(),
                            detail + failure.kernelMessage().map(t -> ", kernel: " + t).orElse(""));
                }
            }
        }
    }

    @Override
    public void close() throws LinuxException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Libc.close(fd);
        } finally {
            arena.close();
        }
    }
}
