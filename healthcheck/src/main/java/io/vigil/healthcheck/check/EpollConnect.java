package io.vigil.healthcheck.check;

import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.concurrent.ScheduledFuture;
import io.vigil.healthcheck.spec.ConnectOptions;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * One TCP_CHECK connect driven straight on the health loop's epoll, without a Netty channel: socket(2) of the target's
 * family, SO_LINGER 0, connect(2), one EPOLL_CTL_ADD for EPOLLOUT, and close(2), which also drops the descriptor from
 * the epoll set (so no EPOLL_CTL_DEL). Writability without EPOLLERR or EPOLLHUP means the handshake completed
 * (tcp_poll reports EPOLLERR whenever the socket has an error); only a failure reads SO_ERROR, for its reason. A Netty
 * channel costs ten more system calls per probe (options it sets and reads, local and peer address look-ups, interest
 * changes) and an exception object per close. The connect_timeout is one timer on the loop.
 *
 * <p>Threading: {@link #start()}, {@link #handle} and the release run on {@code loop}; the attempt's future may be
 * completed from any thread (the release then hops onto the loop).
 */
final class EpollConnect implements EpollIoHandle {

    /** EPOLLHUP, which {@link EpollIoOps} has no constant for (epoll_ctl(2): reported whether asked for or not). */
    private static final int EPOLLHUP = 0x010;

    private final IoEventLoop loop;
    private final ConnectOptions connect;
    private final Attempt attempt;
    private final String connectedDetail;
    private final String failedDuring;
    private InetStreamSocket socket;
    private IoRegistration registration;
    private ScheduledFuture<?> timer;

    EpollConnect(IoEventLoop loop, ConnectOptions connect, Attempt attempt, String connectedDetail,
                 String failedDuring) {
        this.loop = loop;
        this.connect = connect;
        this.attempt = attempt;
        this.connectedDetail = connectedDetail;
        this.failedDuring = failedDuring;
        attempt.future().whenComplete((r, e) -> {
            if (loop.inEventLoop()) {
                release();
            } else {
                loop.execute(this::release);
            }
        });
    }

    /** On the loop: opens the socket and starts the connect. */
    void start() {
        if (attempt.done()) {
            return;
        }
        try {
            socket = InetStreamSocket.open(connect.target().getAddress());
            socket.setSoLinger(0); // close resets, as check_tcp.c closes at once; no TIME_WAIT per probe
            if (connect.bindTo().isPresent()) {
                socket.bind(connect.bindTo().get());
            }
            if (socket.connect(connect.target())) {
                attempt.succeed(connectedDetail);
                return;
            }
            registration = loop.register(this).getNow();
            registration.submit(EpollIoOps.EPOLLOUT);
        } catch (IOException | RuntimeException e) {
            attempt.fail(e, failedDuring);
            return;
        }
        long timeout = connect.connectTimeoutNanos();
        timer = loop.schedule(() -> attempt.fail(FailureReason.TIMEOUT, failedDuring + ": connection timed out after "
                + TimeUnit.NANOSECONDS.toMillis(timeout) + " ms"), timeout, TimeUnit.NANOSECONDS);
    }

    @Override
    public void handle(IoRegistration registration, IoEvent event) {
        if (attempt.done() || socket == null || !socket.isOpen()) {
            return;
        }
        int ops = ((EpollIoEvent) event).ops().value();
        if ((ops & (EpollIoOps.EPOLLERR.value() | EPOLLHUP)) == 0) {
            attempt.succeed(connectedDetail);
            return;
        }
        try {
            socket.finishConnect(); // reads SO_ERROR and throws the connect's error
            attempt.fail(FailureReason.CONNECT_ERROR, failedDuring + ": connection closed during the handshake");
        } catch (IOException | RuntimeException e) {
            attempt.fail(e, failedDuring);
        }
    }

    @Override
    public FileDescriptor fd() {
        return socket;
    }

    /** Called by the event loop when it shuts down with this connect still registered. */
    @Override
    public void close() {
        attempt.fail(FailureReason.INTERNAL, failedDuring + ": the health-check event loop shut down");
        release();
    }

    /** On the loop: cancels the timer and closes the socket; closing first spares the EPOLL_CTL_DEL. */
    private void release() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (socket != null && socket.isOpen()) {
            try {
                socket.close();
            } catch (IOException e) {
                // the descriptor is gone either way; nothing to report for a finished probe
            }
        }
        if (registration != null) {
            registration.cancel();
            registration = null;
        }
    }
}
