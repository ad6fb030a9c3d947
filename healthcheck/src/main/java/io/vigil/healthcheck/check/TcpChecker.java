package io.vigil.healthcheck.check;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoEventLoop;
import io.vigil.healthcheck.spec.ConnectOptions;
import io.vigil.healthcheck.spec.TcpCheck;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * TCP_CHECK: a non-blocking connect that must complete within connect_timeout, ended at once with a reset
 * (SO_LINGER 0), where check_tcp.c {@code tcp_check_thread} closes right after the connect. On an epoll group each
 * probe is an {@link EpollConnect} on a pooled {@link ProbeSocket} (2 system calls instead of a channel's 16), which
 * resets before the ACK of the SYN-ACK leaves, so the server's application never accepts the probe; elsewhere (NIO) one
 * {@link Bootstrap} per checker serves every probe and the channel never reads. The connect timeout always completes
 * the probe, so the scheduler needs no watchdog for it. Thread-safe.
 */
public final class TcpChecker implements Checker {

    private final CheckTransport transport;
    private final ConnectOptions connect;
    private final Bootstrap bootstrap;
    private final String connectedDetail;
    private final String failedDuring;

    public TcpChecker(CheckTransport transport, TcpCheck spec) {
        this.transport = transport;
        this.connect = spec.connect();
        this.bootstrap = bootstrap(transport, connect, Idle.INSTANCE).option(ChannelOption.AUTO_READ, false);
        this.connectedDetail = "connected to " + connect.target();
        this.failedDuring = "connect to " + connect.target();
    }

    /** A handler that does nothing, shared by every TCP_CHECK channel. */
    @ChannelHandler.Sharable
    private static final class Idle extends ChannelInboundHandlerAdapter {
        static final Idle INSTANCE = new Idle();
    }

    @Override
    public CompletableFuture<CheckResult> probe() {
        Attempt attempt = new Attempt();
        Optional<IoEventLoop> epoll = resolved(connect) ? transport.nextEpollLoop() : Optional.empty();
        if (epoll.isPresent()) {
            new EpollConnect(epoll.get(), connect, attempt, connectedDetail, failedDuring).startOnLoop();
            return attempt.future();
        }
        ChannelFuture cf = connect(bootstrap, connect);
        attempt.channel(cf.channel());
        cf.addListener(f -> {
            if (f.isSuccess()) {
                attempt.succeed(connectedDetail);
            } else {
                attempt.fail(f.cause(), failedDuring);
            }
        });
        return attempt.future();
    }

    /** Starts a TCP connect with connect_timeout and the optional bind address. */
    static ChannelFuture connect(CheckTransport transport, ConnectOptions connect, ChannelHandler handler) {
        return connect(bootstrap(transport, connect, handler), connect);
    }

    /** Connects {@code b} to the target, from the bind address when one is set. */
    static ChannelFuture connect(Bootstrap b, ConnectOptions connect) {
        return connect.bindTo().isPresent()
                ? b.connect(connect.target(), connect.bindTo().get())
                : b.connect(connect.target());
    }

    /**
     * A bootstrap for {@code connect}: connect_timeout, SO_LINGER 0 and {@code handler}. Addresses from the
     * configuration are already resolved, so the resolver step is skipped for them.
     */
    private static Bootstrap bootstrap(CheckTransport transport, ConnectOptions connect, ChannelHandler handler) {
        Bootstrap b = new Bootstrap()
                .group(transport.group())
                .channelFactory(transport.socketChannelTo(connect.target().getAddress()))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(connect.connectTimeoutNanos())))
                .option(ChannelOption.SO_LINGER, 0)
                .handler(handler);
        return resolved(connect) ? b.disableResolver() : b;
    }

    /** Whether the target and bind address are resolved already (they are when they come from a configuration). */
    static boolean resolved(ConnectOptions connect) {
        return !connect.target().isUnresolved() && connect.bindTo().map(a -> !a.isUnresolved()).orElse(true);
    }

    @Override
    public long deadlineNanos() {
        return connect.connectTimeoutNanos();
    }

    @Override
    public boolean completesByDeadline() {
        return true;
    }

    @Override
    public String keyword() {
        return "TCP_CHECK";
    }
}
