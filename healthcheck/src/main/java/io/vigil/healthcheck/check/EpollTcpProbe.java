package io.vigil.healthcheck.check;

import io.netty.channel.IoEventLoop;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.util.concurrent.ScheduledFuture;
import io.vigil.healthcheck.spec.ConnectOptions;

import java.io.IOException;
import java.net.SocketException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One probe's TCP connection driven straight on the health loop's epoll, without a Netty channel, over a
 * {@link ProbeSocket} taken from the loop's {@link ProbeSocketPool}: connect(2) to start, and when the probe ends a
 * connect(2) to AF_UNSPEC that resets the connection (as keepalived's checkers close at once, with no TIME_WAIT per
 * probe) and leaves the socket for the next probe. Writability without EPOLLERR or EPOLLHUP means the handshake
 * completed (tcp_poll reports EPOLLERR whenever the socket has an error); only a failure reads SO_ERROR, for its
 * reason. A Netty channel costs a socket, its options, address look-ups, interest changes and a close per connection,
 * and an exception object per close. The connect_timeout is one timer per connection: it bounds the connect and then
 * each wait for data ({@link #extendDeadline()} moves the deadline; the timer re-arms itself only when it fires early).
 *
 * <p>Threading: {@link #start()}, {@link #onEvent} and the release run on {@code loop}; the result future may be
 * completed from any thread (the release then hops onto the loop).
 */
abstract class EpollTcpProbe {

    static final int EPOLLHUP = ProbeSocket.EPOLLHUP;

    final IoEventLoop loop;
    final ConnectOptions connect;
    /** The connection's socket from {@link #start()} on; it serves later probes once this one has ended. */
    InetStreamSocket socket;
    boolean connected;
    private ProbeSocket lease;
    private ScheduledFuture<?> timer;
    private long deadlineNanos;

    EpollTcpProbe(IoEventLoop loop, ConnectOptions connect, CompletableFuture<?> result) {
        this.loop = loop;
        this.connect = connect;
        result.whenComplete((r, e) -> {
            if (loop.inEventLoop()) {
                release();
            } else {
                loop.execute(this::release);
            }
        });
    }

    /** Starts the probe on its loop, hopping onto it when called elsewhere. */
    final void startOnLoop() {
        if (loop.inEventLoop()) {
            start();
        } else {
            loop.execute(this::start);
        }
    }

    /** On the loop: takes a socket and starts the connect. */
    final void start() {
        if (done()) {
            return;
        }
        try {
            lease = ProbeSocketPool.current().take(loop, connect);
            lease.attach(this);
            socket = lease.socket();
            connected = socket.connect(connect.target());
        } catch (IOException | RuntimeException e) {
            connectFailed(e);
            return;
        }
        extendDeadline();
        timer = loop.schedule(this::expire, connect.connectTimeoutNanos(), TimeUnit.NANOSECONDS);
        if (connected) {
            onConnected();
        }
    }

    /** On the loop: an epoll event on this probe's socket ({@code ops}: the event bits). */
    final void onEvent(int ops) {
        if (done() || lease == null) {
            return;
        }
        if (!connected) {
            if ((ops & (EpollIoOps.EPOLLERR.value() | EPOLLHUP)) != 0) {
                try {
                    socket.finishConnect(); // reads SO_ERROR and throws the connect's error
                    connectFailed(new SocketException("connection closed during the handshake"));
                } catch (IOException | RuntimeException e) {
                    connectFailed(e);
                }
                return;
            }
            if ((ops & EpollIoOps.EPOLLOUT.value()) == 0) {
                return; // not writable yet: the handshake is still under way
            }
            connected = true;
            extendDeadline();
            onConnected();
            if (done()) {
                return;
            }
        }
        onReady(ops);
    }

    /** Gives the connection another connect_timeout from now before {@link #timedOut()}. */
    final void extendDeadline() {
        deadlineNanos = System.nanoTime() + connect.connectTimeoutNanos();
    }

    private void expire() {
        timer = null;
        if (done()) {
            return;
        }
        long left = deadlineNanos - System.nanoTime();
        if (left > 0) {
            timer = loop.schedule(this::expire, left, TimeUnit.NANOSECONDS);
        } else {
            timedOut();
        }
    }

    /** Whether the probe's result is decided. */
    abstract boolean done();

    /** The handshake completed. */
    abstract void onConnected();

    /** An event on the connected socket ({@code ops}: epoll event bits). */
    void onReady(int ops) {
    }

    /** The connect failed with {@code cause}. */
    abstract void connectFailed(Throwable cause);

    /** No progress within connect_timeout. */
    abstract void timedOut();

    /** Fails the probe because the loop is shutting down (its socket is being closed). */
    abstract void loopClosed();

    /** On the loop: cancels the timer and gives the socket back to the pool, which resets the connection. */
    private void release() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        ProbeSocket s = lease;
        if (s != null) {
            lease = null;
            ProbeSocketPool.current().giveBack(s);
        }
    }
}
