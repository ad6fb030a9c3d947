package io.vigil.healthcheck.check;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.vigil.healthcheck.spec.ConnectOptions;
import io.vigil.healthcheck.spec.TcpCheck;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** TCP_CHECK: a non-blocking connect that must complete within connect_timeout (check_tcp.c). Stateless. */
public final class TcpChecker implements Checker {

    private final CheckTransport transport;
    private final ConnectOptions connect;

    public TcpChecker(CheckTransport transport, TcpCheck spec) {
        this.transport = transport;
        this.connect = spec.connect();
    }

    @Override
    public CompletableFuture<CheckResult> probe() {
        Attempt attempt = new Attempt();
        ChannelFuture cf = connect(transport, connect, new ChannelInboundHandlerAdapter());
        attempt.channel(cf.channel());
        cf.addListener(f -> {
            if (f.isSuccess()) {
                attempt.succeed("connected to " + connect.target());
            } else {
                attempt.fail(f.cause(), "connect to " + connect.target());
            }
        });
        return attempt.future();
    }

    /** Starts a TCP connect with connect_timeout and the optional bind address. */
    static ChannelFuture connect(CheckTransport transport, ConnectOptions connect, io.netty.channel.ChannelHandler handler) {
        Bootstrap b = new Bootstrap()
                .group(transport.group())
                .channel(transport.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(connect.connectTimeoutNanos())))
                .option(ChannelOption.SO_LINGER, 0)
                .handler(handler);
        return connect.bindTo().isPresent()
                ? b.connect(connect.target(), connect.bindTo().get())
                : b.connect(connect.target());
    }

    @Override
    public long deadlineNanos() {
        return connect.connectTimeoutNanos();
    }

    @Override
    public String keyword() {
        return "TCP_CHECK";
    }
}
