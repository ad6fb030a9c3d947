package io.vigil.healthcheck.check;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.CharsetUtil;
import io.netty.util.concurrent.Promise;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP/1.0 server for checker tests: answers every request with the configured status and body, or stays
 * silent; records requests, SNI names and accepted connections. Can be stopped and restarted on the same port.
 */
final class TestHttpServer implements AutoCloseable {

    volatile int status = 200;
    volatile String body = "hello";
    volatile String extraAfterBody = "";
    volatile boolean silent;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> sniNames = new CopyOnWriteArrayList<>();
    final AtomicInteger accepted = new AtomicInteger();

    private final EventLoopGroup group;
    private final Optional<SslContext> tls;
    private final int port;
    private volatile Channel server;

    TestHttpServer(EventLoopGroup group, Optional<SslContext> tls) throws InterruptedException {
        this(group, tls, 0);
    }

    private TestHttpServer(EventLoopGroup group, Optional<SslContext> tls, int port) throws InterruptedException {
        this.group = group;
        this.tls = tls;
        this.server = bind(port);
        this.port = ((InetSocketAddress) server.localAddress()).getPort();
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    void stop() throws InterruptedException {
        server.close().sync();
    }

    void restart() throws InterruptedException {
        server = bind(port);
    }

    private Channel bind(int p) throws InterruptedException {
        return new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        accepted.incrementAndGet();
                        tls.ifPresent(ctx -> ch.pipeline().addLast(new SniHandler(
                                (String host, Promise<SslContext> promise) -> {
                                    if (host != null) {
                                        sniNames.add(host);
                                    }
                                    return promise.setSuccess(ctx);
                                })));
                        ch.pipeline().addLast(new Responder());
                    }
                }).bind("127.0.0.1", p).sync().channel();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private final class Responder extends ChannelInboundHandlerAdapter {
        private final StringBuilder request = new StringBuilder();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            request.append(buf.toString(CharsetUtil.ISO_8859_1));
            buf.release();
            if (!request.toString().contains("\r\n\r\n") || silent) {
                return;
            }
            requests.add(request.toString());
            String response = "HTTP/1.0 " + status + " Test\r\nContent-Length: " + body.length() + "\r\n\r\n" + body
                    + extraAfterBody;
            ctx.writeAndFlush(Unpooled.copiedBuffer(response, CharsetUtil.ISO_8859_1))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }
}
