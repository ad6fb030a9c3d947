package io.vigil.healthcheck.check;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.util.CharsetUtil;
import io.vigil.healthcheck.spec.SmtpCheck;

import java.util.concurrent.CompletableFuture;

/**
 * SMTP_CHECK: expects the 220 greeting, sends {@code HELO name}, expects 250, sends QUIT (check_smtp.c L649-674).
 * Multi-line replies ({@code 220-...}) are read to their last line. Stateless between probes.
 */
public final class SmtpChecker implements Checker {

    /** Greeting code, RFC 5321 §4.2. */
    public static final int SERVICE_READY = 220;
    /** HELO accepted, RFC 5321 §4.2. */
    public static final int ACTION_OK = 250;
    /** Longest reply line accepted, RFC 5321 §4.5.3.1.5 (512 octets including CRLF). */
    public static final int MAX_LINE = 512;

    private final CheckTransport transport;
    private final SmtpCheck spec;

    public SmtpChecker(CheckTransport transport, SmtpCheck spec) {
        this.transport = transport;
        this.spec = spec;
    }

    @Override
    public CompletableFuture<CheckResult> probe() {
        Attempt attempt = new Attempt();
        long timeout = spec.connect().connectTimeoutNanos();
        ChannelFuture cf = TcpChecker.connect(transport, spec.connect(), new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new LineBasedFrameDecoder(MAX_LINE), new StringDecoder(CharsetUtil.US_ASCII),
                        new Dialogue(attempt, timeout));
            }
        });
        attempt.channel(cf.channel());
        cf.addListener(f -> {
            if (!f.isSuccess()) {
                attempt.fail(f.cause(), "connect to " + spec.connect().target());
            } else {
                attempt.armTimeout(cf.channel(), timeout, "no SMTP greeting");
            }
        });
        return attempt.future();
    }

    /** The client side of the dialogue; one channel's event loop. */
    private final class Dialogue extends SimpleChannelInboundHandler<String> {
        private final Attempt attempt;
        private final long timeoutNanos;
        private boolean heloSent;

        Dialogue(Attempt attempt, long timeoutNanos) {
            this.attempt = attempt;
            this.timeoutNanos = timeoutNanos;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, String line) {
            if (line.length() >= 4 && line.charAt(3) == '-') {
                return;
            }
            int code = line.length() >= 3 && line.substring(0, 3).chars().allMatch(Character::isDigit)
                    ? Integer.parseInt(line.substring(0, 3)) : -1;
            int expected = heloSent ? ACTION_OK : SERVICE_READY;
            if (code != expected) {
                attempt.fail(FailureReason.SMTP_CODE, (heloSent ? "HELO reply '" : "greeting '") + line
                        + "'; expected " + expected);
                return;
            }
            if (!heloSent) {
                heloSent = true;
                attempt.armTimeout(ctx.channel(), timeoutNanos, "no reply to HELO");
                ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(("HELO " + spec.heloName() + "\r\n")
                        .getBytes(CharsetUtil.US_ASCII)));
            } else {
                ctx.writeAndFlush(ctx.alloc().buffer().writeBytes("QUIT\r\n".getBytes(CharsetUtil.US_ASCII)))
                        .addListener(ChannelFutureListener.CLOSE);
                attempt.succeed("SMTP 220/250 from " + spec.connect().target());
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            attempt.fail(FailureReason.NO_DATA, "connection closed " + (heloSent ? "after HELO" : "before greeting"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            attempt.fail(cause, "SMTP dialogue");
        }
    }

    @Override
    public long deadlineNanos() {
        return 3 * spec.connect().connectTimeoutNanos();
    }

    @Override
    public String keyword() {
        return spec.keyword();
    }
}
