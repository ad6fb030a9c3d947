package io.vigil.healthcheck.check;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.util.CharsetUtil;
import io.vigil.healthcheck.spec.ConnectOptions;
import io.vigil.healthcheck.spec.DnsCheck;
import io.vigil.healthcheck.spec.SmtpCheck;
import io.vigil.healthcheck.spec.UdpCheck;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** UDP_CHECK, DNS_CHECK and SMTP_CHECK against tiny loopback servers built with Netty. */
class UdpDnsSmtpLoopbackTest extends LoopbackTestBase {

    private static final long TIMEOUT = TimeUnit.MILLISECONDS.toNanos(500);


    private static InetSocketAddress local(Channel ch) {
        return new InetSocketAddress("127.0.0.1", ((InetSocketAddress) ch.localAddress()).getPort());
    }

    private static Channel udpEcho(int port, boolean answer) throws InterruptedException {
        return new Bootstrap().group(servers).channel(EpollDatagramChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                        if (answer) {
                            ctx.writeAndFlush(new DatagramPacket(p.content().retainedDuplicate(), p.sender()));
                        }
                    }
                }).bind("127.0.0.1", port).sync().channel();
    }

    private static UdpCheck udp(InetSocketAddress target, boolean requireReply, byte[] expected) {
        return new UdpCheck(ConnectOptions.to(target, TIMEOUT), new byte[] {1, 2, 3, 4}, requireReply,
                Optional.ofNullable(expected), 0, UdpCheck.DEFAULT_MAX_REPLY_LENGTH);
    }

    @Test
    void udpCheckUpOnEchoDownOnPortUnreachableOrMismatchAndBackUp() throws Exception {
        Channel echo = udpEcho(0, true);
        InetSocketAddress addr = local(echo);
        assertTrue(probe(new UdpChecker(transport, udp(addr, true, new byte[] {1, 2}))).up());
        CheckResult mismatch = probe(new UdpChecker(transport, udp(addr, true, new byte[] {1, 9})));
        assertEquals(FailureReason.BAD_REPLY, mismatch.reason(), mismatch.detail());
        echo.close().sync();
        CheckResult unreachable = probe(new UdpChecker(transport, udp(addr, false, null)));
        assertEquals(FailureReason.PORT_UNREACHABLE, unreachable.reason(), unreachable.detail());
        echo = udpEcho(addr.getPort(), true);
        assertTrue(probe(new UdpChecker(transport, udp(addr, true, new byte[] {1, 2}))).up());
        echo.close().sync();
    }

    @Test
    void udpSilenceIsSuccessUnlessAReplyIsRequired() throws Exception {
        Channel silent = udpEcho(0, false);
        InetSocketAddress addr = local(silent);
        assertTrue(probe(new UdpChecker(transport, udp(addr, false, null))).up());
        assertEquals(FailureReason.TIMEOUT, probe(new UdpChecker(transport, udp(addr, true, null))).reason());
        silent.close().sync();
    }

    private static volatile DnsResponseCode dnsCode = DnsResponseCode.NOERROR;
    private static volatile boolean dnsSilent;

    /** A one-zone DNS server: answers with 198.18.0.53 under {@link #dnsCode}, or stays {@link #dnsSilent}. */
    private static Channel dnsServer(List<String> asked) throws InterruptedException {
        return new Bootstrap().group(servers).channel(EpollDatagramChannel.class)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder(),
                                new SimpleChannelInboundHandler<DatagramDnsQuery>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery q) {
                                        DnsQuestion question = q.recordAt(DnsSection.QUESTION);
                                        asked.add(question.type().name() + " " + question.name());
                                        if (dnsSilent) {
                                            return;
                                        }
                                        DatagramDnsResponse r = new DatagramDnsResponse(q.recipient(), q.sender(),
                                                q.id());
                                        r.setCode(dnsCode);
                                        r.addRecord(DnsSection.QUESTION, question);
                                        if (dnsCode == DnsResponseCode.NOERROR) {
                                            r.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(question.name(),
                                                    DnsRecordType.A, 60, Unpooled.wrappedBuffer(
                                                            new byte[] {(byte) 198, 18, 0, 53})));
                                        }
                                        ctx.writeAndFlush(r);
                                    }
                                });
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    @Test
    void dnsCheckUpOnNoErrorDownOnRcodeOrSilenceAndBackUp() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        Channel dns = dnsServer(asked);
        InetSocketAddress addr = local(dns);
        DnsChecker checker = new DnsChecker(transport, new DnsCheck(ConnectOptions.to(addr, TIMEOUT), "A",
                "www.example.", true));
        CheckResult up = probe(checker);
        assertTrue(up.up(), up.detail());
        assertEquals("A www.example.", asked.getFirst());

        dnsCode = DnsResponseCode.REFUSED;
        CheckResult refused = probe(checker);
        assertEquals(FailureReason.DNS_RCODE, refused.reason(), refused.detail());

        dnsCode = DnsResponseCode.NOERROR;
        dnsSilent = true;
        assertEquals(FailureReason.TIMEOUT, probe(checker).reason());

        dnsSilent = false;
        assertTrue(probe(checker).up());
        dns.close().sync();
    }

    /** An SMTP server that greets with {@code greeting} and answers HELO with 250. */
    private static Channel smtpServer(int port, String greeting, List<String> lines) throws InterruptedException {
        return new ServerBootstrap().group(servers).channel(EpollServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new LineBasedFrameDecoder(512), new StringDecoder(CharsetUtil.US_ASCII),
                                new SimpleChannelInboundHandler<String>() {
                                    @Override
                                    public void channelActive(ChannelHandlerContext ctx) {
                                        ctx.writeAndFlush(Unpooled.copiedBuffer(greeting, CharsetUtil.US_ASCII));
                                    }

                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, String line) {
                                        lines.add(line);
                                        String reply = line.startsWith("HELO") ? "250 hello\r\n" : "221 bye\r\n";
                                        ctx.writeAndFlush(Unpooled.copiedBuffer(reply, CharsetUtil.US_ASCII));
                                    }
                                });
                    }
                }).bind("127.0.0.1", port).sync().channel();
    }

    @Test
    void smtpCheckUpOnGreetingAndHeloDownOnBadGreetingOrStoppedAndBackUp() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Channel smtp = smtpServer(0, "220-first line\r\n220 test ESMTP\r\n", lines);
        InetSocketAddress addr = local(smtp);
        SmtpChecker checker = new SmtpChecker(transport, new SmtpCheck(ConnectOptions.to(addr, TIMEOUT),
                SmtpCheck.DEFAULT_HELO));
        CheckResult up = probe(checker);
        assertTrue(up.up(), up.detail());
        assertEquals("HELO smtpchecker.keepalived.org", lines.getFirst());
        smtp.close().sync();

        smtp = smtpServer(addr.getPort(), "554 go away\r\n", lines);
        CheckResult rejected = probe(checker);
        assertEquals(FailureReason.SMTP_CODE, rejected.reason(), rejected.detail());
        smtp.close().sync();

        assertEquals(FailureReason.CONNECT_REFUSED, probe(checker).reason());
        smtp = smtpServer(addr.getPort(), "220 back\r\n", lines);
        assertTrue(probe(checker).up());
        smtp.close().sync();
    }
}
