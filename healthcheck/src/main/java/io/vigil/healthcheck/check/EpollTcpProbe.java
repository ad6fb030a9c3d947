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
import java.net.SocketException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One probe's TCP connection driven straight on the health loop's epoll, without a Netty channel: socket(2) of the
 * target's family, SO_LINGER 0 (close resets, as keepalived's checkers close at once; no TIME_WAIT per probe),
 * connect(2), one EPOLL_CTL_ADD, one EPOLL_CTL_DEL and close(2). The EPOLL_CTL_DEL comes first and is needed: close(2)
 * drops a socket from the epoll set only with its last reference, and a child process holds every descriptor of the
 * daemon between its fork and its exec (nft, ip, notify scripts); the old socket would stay registered and its events
 * would reach, under the same number, the next probe, which the kernel gives the lowest free descriptor. Writability without EPOLLERR or EPOLLHUP means the handshake completed (tcp_poll reports EPOLLERR
 * whenever the socket has an error); only a failure reads SO_ERROR, for its reason. A Netty channel costs ten more
 * system calls per connection (options it sets and reads, address look-ups, interest changes) and an exception object
 * per close. The connect_timeout is one timer per connection: it bounds the connect and then each wait for data
 * ({@link #extendDeadline()} moves the deadline; the timer re-arms itself only when it fires early).
 *
 * <p>Threading: {@link #start()}, {@link #handle} and the release run on {@code loop}; the result future may be
 * completed from any thread (the release then hops onto the loop).
 */
abstract class EpollTcpProbe implements EpollIoHandle {

    /** EPOLLHUP, which {@link EpollIoOps} has no constant for (epoll_ctl(2): reported whether asked for or not). */
    static final int EPOLLHUP = 0x010;

    final IoEventLoop loop;
    final ConnectOptions connect;
    InetStreamSocket socket;
    boolean connected;
    private IoRegistration registration;
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

    /** On the loop: opens the socket and starts the connect. */
    final void start() {
        if (done()) {
            return;
        }
        try {
            socket = InetStreamSocket.open(connect.target().getAddress());
            socket.setSoLinger(0);
            if (connect.bindTo().isPresent()) {
                socket.bind(connect.bindTo().get());
            }
            connected = socket.connect(connect.target());
            registration = loop.register(this).getNow();
            registration.submit(interest());
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

    @Override
    public final void handle(IoRegistration registration, IoEvent event) {
        if (done() || socket == null || !socket.isOpen()) {
            return;
        }
        int ops = ((EpollIoEvent) event).ops().value();
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

    /** The epoll events to register for. */
    abstract EpollIoOps interest();

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

    /** Fails the probe because the loop is shutting down. */
    abstract void loopClosed();

    @Override
    public final FileDescriptor fd() {
        return socket;
    }

    /** Called by the event loop when it shuts down with this probe still registered. */
    @Override
    public final void close() {
        loopClosed();
        release();
    }

    /**
     * On the loop: cancels the timer, removes the socket from the epoll set (EPOLL_CTL_DEL while the descriptor is
     * still this probe's) and only then closes it.
     */
    private void release() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (registration != null) {
            registration.cancel();
            registration = null;
        }
        if (socket != null && socket.isOpen()) {
            try {
                socket.close();
            } catch (IOException e) {
                // the descriptor is gone either way; nothing to report for a finished probe
            }
        }
    }
}
