package io.vigil.healthcheck.check;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One GET on one Netty channel (SSL_GET, and HTTP_GET where the group is not epoll): writes keepalived's request and
 * feeds the raw response to an {@link HttpResponseReader} until it is complete or the connection ends. Threading: one
 * channel's event loop only.
 */
final class HttpExchange extends ChannelInboundHandlerAdapter {

    private final byte[] request;
    private final boolean tls;
    private final long readTimeoutNanos;
    private final CompletableFuture<HttpFetch> out;
    private final HttpResponseReader reader = new HttpResponseReader();
    private io.netty.util.concurrent.ScheduledFuture<?> readTimer;

    HttpExchange(byte[] request, boolean tls, long readTimeoutNanos, CompletableFuture<HttpFetch> out) {
        this.request = request;
        this.tls = tls;
        this.readTimeoutNanos = readTimeoutNanos;
        this.out = out;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        armReadTimeout(ctx);
        if (!tls) {
            send(ctx);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                send(ctx);
            } else {
                out.complete(HttpFetch.failed(FailureReason.TLS_HANDSHAKE, "TLS handshake: " + done.cause()));
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void send(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(ctx.alloc().buffer(request.length).writeBytes(request))
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        out.complete(HttpFetch.failed(Attempt.reasonOf(f.cause()), "send request: " + f.cause()));
                    }
                });
    }

    private void armReadTimeout(ChannelHandlerContext ctx) {
        if (readTimer != null) {
            readTimer.cancel(false);
        }
        readTimer = ctx.executor().schedule(() -> out.complete(HttpFetch.failed(FailureReason.TIMEOUT,
                "no response data within " + TimeUnit.NANOSECONDS.toMillis(readTimeoutNanos) + " ms")),
                readTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!(msg instanceof ByteBuf buf) || out.isDone()) {
                return;
            }
            armReadTimeout(ctx);
            HttpFetch outcome = reader.read(buf.nioBuffer());
            if (outcome != null) {
                out.complete(outcome);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (readTimer != null) {
            readTimer.cancel(false);
        }
        if (!out.isDone()) {
            out.complete(reader.end());
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        out.complete(HttpFetch.failed(Attempt.reasonOf(cause), "while reading: " + cause));
        ctx.close();
    }
}
