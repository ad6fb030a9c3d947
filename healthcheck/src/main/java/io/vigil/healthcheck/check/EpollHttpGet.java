package io.vigil.healthcheck.check;

import io.netty.channel.IoEventLoop;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.util.concurrent.FastThreadLocal;
import io.vigil.healthcheck.spec.ConnectOptions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One plain HTTP GET as an {@link EpollTcpProbe}: the pooled socket is registered once, edge-triggered, for
 * writability and input, so the connect's completion, the request's send(2) and the response's recv(2)s need no change
 * of interest. 4 system calls for a small response (connect, sendto, recvfrom, and the disconnect that resets the
 * connection) instead of a channel's 18. The response goes to an {@link HttpResponseReader}; connect_timeout bounds
 * the connect and then each wait for data. Send and receive use one direct buffer per event-loop thread. Threading:
 * as {@link EpollTcpProbe}.
 */
final class EpollHttpGet extends EpollTcpProbe {

    /** Bytes read per recv(2); also the largest request sent in one send(2). */
    static final int BUFFER_BYTES = 16 * 1024;

    private static final FastThreadLocal<ByteBuffer> BUFFER = new FastThreadLocal<>() {
        @Override
        protected ByteBuffer initialValue() {
            return ByteBuffer.allocateDirect(BUFFER_BYTES);
        }
    };

    private final byte[] request;
    private final CompletableFuture<HttpFetch> out;
    private final HttpResponseReader reader = new HttpResponseReader();
    private int sent;

    EpollHttpGet(IoEventLoop loop, ConnectOptions connect, byte[] request, CompletableFuture<HttpFetch> out) {
        super(loop, connect, out);
        this.request = request;
        this.out = out;
    }

    @Override
    boolean done() {
        return out.isDone();
    }

    @Override
    void onConnected() {
        send();
    }

    @Override
    void onReady(int ops) {
        if (sent < request.length && (ops & EpollIoOps.EPOLLOUT.value()) != 0) {
            send();
        }
        if (!done() && (ops & (EpollIoOps.EPOLLIN.value() | EpollIoOps.EPOLLRDHUP.value() | EPOLLHUP
                | EpollIoOps.EPOLLERR.value())) != 0) {
            receive();
        }
    }

    /** Sends what is left of the request; the rest, if the socket takes only part, at the next EPOLLOUT edge. */
    private void send() {
        ByteBuffer buffer = BUFFER.get();
        int n = Math.min(request.length - sent, buffer.capacity());
        buffer.clear();
        buffer.put(request, sent, n);
        try {
            sent += socket.send(buffer, 0, n);
        } catch (IOException | RuntimeException e) {
            out.complete(HttpFetch.failed(Attempt.reasonOf(e), "send request: " + e));
        }
    }

    /** Reads until the socket has no more (edge-triggered), the response is complete, or the connection ends. */
    private void receive() {
        ByteBuffer buffer = BUFFER.get();
        try {
            while (!done()) {
                int n = socket.recv(buffer, 0, buffer.capacity());
                if (n == 0) {
                    return; // EAGAIN: wait for the next EPOLLIN edge
                }
                if (n < 0) {
                    out.complete(reader.end());
                    return;
                }
                extendDeadline();
                buffer.clear().limit(n);
                HttpFetch outcome = reader.read(buffer);
                if (outcome != null) {
                    out.complete(outcome);
                }
            }
        } catch (IOException | RuntimeException e) {
            out.complete(HttpFetch.failed(Attempt.reasonOf(e), "while reading: " + e));
        }
    }

    @Override
    void connectFailed(Throwable cause) {
        out.complete(HttpFetch.failed(Attempt.reasonOf(cause), "connect to " + connect.target() + ": " + cause));
    }

    @Override
    void timedOut() {
        long ms = TimeUnit.NANOSECONDS.toMillis(connect.connectTimeoutNanos());
        out.complete(HttpFetch.failed(FailureReason.TIMEOUT, connected ? "no response data within " + ms + " ms"
                : "connect to " + connect.target() + ": connection timed out after " + ms + " ms"));
    }

    @Override
    void loopClosed() {
        out.complete(HttpFetch.failed(FailureReason.INTERNAL, "the health-check event loop shut down"));
    }
}
