package io.vigil.healthcheck.check;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.vigil.healthcheck.spec.UdpCheck;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * UDP_CHECK: sends the payload on a connected UDP socket, so an ICMP port unreachable comes back as an error. Without
 * require_reply, silence until connect_timeout is success; with it, a reply of min..max_reply_length bytes whose
 * leading bytes match is needed (check_udp.c {@code check_udp_reply}; layer4.c {@code udp_socket_state}). Stateless.
 */
public final class UdpChecker implements Checker {

    private final CheckTransport transport;
    private final UdpCheck spec;
    private final byte[] payload;
    private final Optional<byte[]> expected;

    public UdpChecker(CheckTransport transport, UdpCheck spec) {
        this.transport = transport;
        this.spec = spec;
        this.payload = spec.payload();
        this.expected = spec.expectedReply();
    }

    @Override
    public CompletableFuture<CheckResult> probe() {
        Attempt attempt = new Attempt();
        Bootstrap b = new Bootstrap().group(transport.group()).channel(transport.datagramChannel())
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                        attempt.complete(judge(ByteBufUtil.getBytes(packet.content()), attempt.elapsedNanos()));
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        attempt.fail(cause, "UDP to " + spec.connect().target());
                    }
                });
        ChannelFuture cf = TcpChecker.connect(b, spec.connect());
        attempt.channel(cf.channel());
        cf.addListener(f -> {
            if (!f.isSuccess()) {
                attempt.fail(f.cause(), "UDP connect to " + spec.connect().target());
                return;
            }
            attempt.armTimer(cf.channel(), spec.connect().connectTimeoutNanos(), () -> attempt.complete(
                    spec.requireReply()
                            ? CheckResult.failure(FailureReason.TIMEOUT, attempt.elapsedNanos(), "no reply from "
                                    + spec.connect().target())
                            : CheckResult.success(attempt.elapsedNanos(), "no ICMP error from "
                                    + spec.connect().target())));
            cf.channel().writeAndFlush(Unpooled.wrappedBuffer(payload)).addListener(w -> {
                if (!w.isSuccess()) {
                    attempt.fail(w.cause(), "UDP send to " + spec.connect().target());
                }
            });
        });
        return attempt.future();
    }

    /** Judges a reply (check_udp.c {@code check_udp_reply}). Pure. */
    CheckResult judge(byte[] reply, long latencyNanos) {
        if (!spec.requireReply()) {
            return CheckResult.success(latencyNanos, reply.length + "-byte reply");
        }
        if (reply.length < spec.minReplyLength() || reply.length > spec.maxReplyLength()) {
            return CheckResult.failure(FailureReason.BAD_REPLY, latencyNanos, "reply of " + reply.length
                    + " bytes; expected " + spec.minReplyLength() + ".." + spec.maxReplyLength());
        }
        if (expected.isPresent()) {
            byte[] want = expected.get();
            int n = Math.min(want.length, reply.length);
            for (int i = 0; i < n; i++) {
                if (want[i] != reply[i]) {
                    return CheckResult.failure(FailureReason.BAD_REPLY, latencyNanos, "reply byte " + i + " is "
                            + String.format("0x%02x", reply[i]) + "; expected " + String.format("0x%02x", want[i]));
                }
            }
        }
        return CheckResult.success(latencyNanos, reply.length + "-byte reply matches");
    }

    @Override
    public long deadlineNanos() {
        return spec.connect().connectTimeoutNanos();
    }

    @Override
    public String keyword() {
        return spec.keyword();
    }
}
