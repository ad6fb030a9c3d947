package io.vigil.director.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Serves the Prometheus text exposition of a registry on {@code GET <path>} (default {@code /metrics}, port
 * 9165 as the keepalived exporters use). Runs on the director's own event loop, never on the VRRP or health loop.
 */
public final class MetricsServer implements AutoCloseable {

    /** The exposition's content type (Prometheus text format 0.0.4). */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Channel channel;

    private MetricsServer(Channel channel) {
        this.channel = channel;
    }

    /**
     * Binds {@code listen} and serves {@code registry} on {@code path}.
     *
     * @throws IOException when the address cannot be bound; the message names it
     */
    public static MetricsServer start(InetSocketAddress listen, String path, EventLoopGroup group,
            PrometheusMeterRegistry registry) throws IOException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(EpollServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192),
                                new ScrapeHandler(path, registry));
                    }
                });
        try {
            return new MetricsServer(bootstrap.bind(listen).sync().channel());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding the metrics endpoint " + listen, e);
        } catch (Exception e) {
            throw new IOException("cannot bind the metrics endpoint " + listen + " (vigil.metrics.listen): "
                    + e.getMessage(), e);
        }
    }

    /** The bound address (useful when port 0 was asked for). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }

    private static final class ScrapeHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

        private final String path;
        private final PrometheusMeterRegistry registry;

        ScrapeHandler(String path, PrometheusMeterRegistry registry) {
            this.path = path;
            this.registry = registry;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            String requested = new QueryStringDecoder(request.uri()).path();
            FullHttpResponse response;
            if (!requested.equals(path)) {
                response = text(HttpResponseStatus.NOT_FOUND, "not found: " + requested + " (metrics are at " + path + ")\n");
            } else if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
                response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "use GET\n");
            } else {
                response = text(HttpResponseStatus.OK, registry.scrape());
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE);
            }
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            HttpUtil.setKeepAlive(response, keepAlive);
            var written = ctx.writeAndFlush(response);
            if (!keepAlive) {
                written.addListener(ChannelFutureListener.CLOSE);
            }
        }

        private static FullHttpResponse text(HttpResponseStatus status, String body) {
            ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
            FullHttpResponse response = new DefaultFullHttpResponse(
                    io.netty.handler.codec.http.HttpVersion.HTTP_1_1, status, content);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            HttpUtil.setContentLength(response, content.readableBytes());
            return response;
        }
    }
}
