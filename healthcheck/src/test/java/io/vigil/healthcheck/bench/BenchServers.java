package io.vigil.healthcheck.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.CharsetUtil;

import java.net.InetSocketAddress;

/**
 * The benchmark's real servers, run in their own process so that their CPU is not counted as the checker's: TCP
 * listeners that accept and do nothing (TCP_CHECK only connects), and HTTP servers that answer every request with
 * {@link BenchEndpoints#BODY} and close. Prints {@code ready} once every listener is bound; runs until killed.
 */
public final class BenchServers {

    private BenchServers() {
    }

    public static void main(String[] args) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
        try {
            for (InetSocketAddress a : BenchEndpoints.tcp()) {
                bind(group, a, new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        // TCP_CHECK only connects; the client resets the connection at once.
                        ch.pipeline().addLast(new Quiet());
                    }
                });
            }
            for (InetSocketAddress a : BenchEndpoints.http()) {
                bind(group, a, new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new Answer());
                    }
                });
            }
            System.out.println("ready");
            System.out.flush();
            new java.util.concurrent.CountDownLatch(1).await();
        } finally {
            group.shutdownGracefully().syncUninterruptibly();
        }
    }

    private static void bind(EventLoopGroup group, InetSocketAddress address, io.netty.channel.ChannelHandler child)
            throws InterruptedException {
        new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(child)
                .bind(address).sync();
    }

    /** Closes on a reset without logging it: every TCP_CHECK ends with one (SO_LINGER 0). */
    private static final class Quiet extends ChannelInboundHandlerAdapter {

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Answers each request with the body and closes (HTTP/1.0 style; keepalived sends Connection: close or 1.0). */
    private static final class Answer extends SimpleChannelInboundHandler<Object> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest) {
                FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_0, HttpResponseStatus.OK,
                        Unpooled.copiedBuffer(BenchEndpoints.BODY, CharsetUtil.US_ASCII));
                response.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
