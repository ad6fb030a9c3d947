package io.vigil.healthcheck.check;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryEncoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseDecoder;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.vigil.healthcheck.spec.DnsCheck;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * DNS_CHECK: one UDP query through Netty's DNS codec; up when a response with our id and RCODE NOERROR arrives within
 * connect_timeout (check_dns.c {@code dns_recv_thread}: other ids and queries are ignored). Stateless.
 */
public final class DnsChecker implements Checker {

    private final CheckTransport transport;
    private final DnsCheck spec;
    private final DnsRecordType type;

    public DnsChecker(CheckTransport transport, DnsCheck spec) {
        this.transport = transport;
        this.spec = spec;
        this.type = DnsRecordType.valueOf(spec.type());
    }

    @Override
    public CompletableFuture<CheckResult> probe() {
        Attempt attempt = new Attempt();
        int id = ThreadLocalRandom.current().nextInt(1 << 16);
        InetSocketAddress server = spec.connect().target();
        Bootstrap b = new Bootstrap().group(transport.group()).channel(transport.datagramChannel())
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(new DatagramDnsQueryEncoder(), new DatagramDnsResponseDecoder(),
                                new SimpleChannelInboundHandler<DatagramDnsResponse>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsResponse r) {
                                        onResponse(attempt, id, r);
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        // a malformed datagram: keepalived ignores it and keeps waiting
                                    }
                                });
                    }
                });
        ChannelFuture cf = b.bind(spec.connect().bindTo().orElse(new InetSocketAddress(0)));
        attempt.channel(cf.channel());
        cf.addListener(f -> {
            if (!f.isSuccess()) {
                attempt.fail(f.cause(), "DNS bind");
                return;
            }
            attempt.armTimeout(cf.channel(), spec.connect().connectTimeoutNanos(), "no DNS response from " + server);
            DatagramDnsQuery query = new DatagramDnsQuery(null, server, id);
            query.setRecursionDesired(true);
            query.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(spec.name(), type));
            cf.channel().writeAndFlush(query).addListener(w -> {
                if (!w.isSuccess()) {
                    attempt.fail(w.cause(), "DNS send to " + server);
                }
            });
        });
        return attempt.future();
    }

    private void onResponse(Attempt attempt, int id, DatagramDnsResponse response) {
        if (response.id() != id || !response.sender().equals(spec.connect().target())) {
            return;
        }
        if (response.code() != DnsResponseCode.NOERROR) {
            attempt.fail(FailureReason.DNS_RCODE, spec.type() + " " + spec.name() + ": rcode " + response.code()
                    + "; expected NOERROR");
        } else if (spec.requireAnswer() && response.count(DnsSection.ANSWER) == 0) {
            attempt.fail(FailureReason.DNS_RCODE, spec.type() + " " + spec.name() + ": no answer records; expected "
                    + "at least one");
        } else {
            attempt.succeed(spec.type() + " " + spec.name() + ": NOERROR, " + response.count(DnsSection.ANSWER)
                    + " answer(s)");
        }
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
