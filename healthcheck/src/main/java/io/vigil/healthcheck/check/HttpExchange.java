package io.vigil.healthcheck.check;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.CharsetUtil;
import io.netty.util.ReferenceCountUtil;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One GET on one connection: writes keepalived's request, reads the raw response to EOF (or Content-Length) and
 * hashes the body as genhash does. The body is hashed raw on purpose: Netty's HTTP decoder would de-chunk it and
 * the digest would no longer match keepalived's. Threading: one channel's event loop only.
 */
final class HttpExchange extends ChannelInboundHandlerAdapter {

    /** Largest response head accepted before the response is declared malformed. */
    static final int MAX_HEAD_BYTES = 64 * 1024;

    private final String request;
    private final boolean tls;
    private final long readTimeoutNanos;
    private final CompletableFuture<HttpFetch> out;
    private final MessageDigest md5;
    private byte[] head = new byte[1024];
    private int headLength;
    private HttpResponseHead parsed;
    private long bodyBytes;
    private boolean sawData;
    private io.netty.util.concurrent.ScheduledFuture<?> readTimer;

    HttpExchange(String request, boolean tls, long readTimeoutNanos, CompletableFuture<HttpFetch> out) {
        this.request = request;
        this.tls = tls;
        this.readTimeoutNanos = readTimeoutNanos;
        this.out = out;
        try {
            this.md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always provides MD5", e);
        }
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
        ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(request.getBytes(CharsetUtil.ISO_8859_1)))
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
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            if (bytes.length > 0) {
                sawData = true;
            }
            if (parsed == null) {
                acceptHead(bytes);
            } else {
                hashBody(bytes, 0, bytes.length);
            }
            if (parsed != null && parsed.contentLength().isPresent()
                    && bodyBytes >= parsed.contentLength().getAsLong()) {
                finish();
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void acceptHead(byte[] bytes) {
        if (headLength + bytes.length > head.length) {
            head = Arrays.copyOf(head, Math.max(head.length * 2, headLength + bytes.length));
        }
        System.arraycopy(bytes, 0, head, headLength, bytes.length);
        headLength += bytes.length;
        int end = HttpResponseHead.endOfHead(head, headLength);
        if (end < 0) {
            if (headLength > MAX_HEAD_BYTES) {
                out.complete(HttpFetch.failed(FailureReason.BAD_RESPONSE, "no CRLF CRLF within the first "
                        + MAX_HEAD_BYTES + " bytes; expected an HTTP response head"));
            }
            return;
        }
        parsed = HttpResponseHead.parse(head, end);
        hashBody(head, end, headLength - end);
        head = null;
    }

    private void hashBody(byte[] bytes, int offset, int length) {
        OptionalLong limit = parsed.contentLength();
        int n = limit.isPresent() ? (int) Math.max(0, Math.min(length, limit.getAsLong() - bodyBytes)) : length;
        md5.update(bytes, offset, n);
        bodyBytes += n;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (readTimer != null) {
            readTimer.cancel(false);
        }
        finish();
        ctx.fireChannelInactive();
    }

    private void finish() {
        if (out.isDone()) {
            return;
        }
        if (!sawData) {
            out.complete(HttpFetch.failed(FailureReason.NO_DATA, "connection closed without response data"));
        } else if (parsed == null) {
            out.complete(HttpFetch.failed(FailureReason.BAD_RESPONSE, "connection closed after " + headLength
                    + " bytes without CRLF CRLF; expected an HTTP response head"));
        } else {
            String hex = HexFormat.of().formatHex(md5.digest());
            out.complete(new HttpFetch(FailureReason.NONE, "status " + parsed.statusCode() + ", " + bodyBytes
                    + " body bytes", parsed.statusCode(), hex, bodyBytes));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        out.complete(HttpFetch.failed(Attempt.reasonOf(cause), "while reading: " + cause));
        ctx.close();
    }
}
