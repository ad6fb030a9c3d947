package io.vigil.director.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.vigil.healthcheck.check.CheckResult;
import io.vigil.healthcheck.check.PingChecker;
import io.vigil.healthcheck.check.PingReply;
import io.vigil.healthcheck.spec.PingCheck;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** KernelPinger pings loopback through raw ICMP sockets on an epoll loop (needs CAP_NET_RAW; the build runs as root). */
class KernelPingerTest {

    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(3);

    private MultiThreadIoEventLoopGroup group;
    private IoEventLoop loop;
    private KernelPinger pinger;

    @BeforeEach
    void open() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        loop = (IoEventLoop) group.next();
        pinger = KernelPinger.open(loop);
    }

    @AfterEach
    void close() {
        pinger.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void ipv4LoopbackAnswersWithARoundTripTime() throws Exception {
        PingReply reply = pinger.echo(InetAddress.getByName("127.0.0.1"), TIMEOUT).get(5, TimeUnit.SECONDS);
        assertTrue(reply.answered(), reply.detail());
        assertTrue(reply.rttNanos() > 0 && reply.rttNanos() < TIMEOUT, "rtt " + reply.rttNanos());
        assertEquals("echo reply from 127.0.0.1", reply.detail());
    }

    @Test
    void ipv6LoopbackAnswers() throws Exception {
        PingReply reply = pinger.echo(InetAddress.getByName("::1"), TIMEOUT).get(5, TimeUnit.SECONDS);
        assertTrue(reply.answered(), reply.detail());
    }

    @Test
    void manyPingsInFlightAreEachMatchedToTheirOwnReply() throws Exception {
        List<CompletableFuture<PingReply>> replies = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            replies.add(pinger.echo(InetAddress.getByName("127.0.0." + (1 + i % 3)), TIMEOUT));
        }
        for (int i = 0; i < replies.size(); i++) {
            PingReply reply = replies.get(i).get(5, TimeUnit.SECONDS);
            assertTrue(reply.answered(), i + ": " + reply.detail());
            assertEquals("echo reply from 127.0.0." + (1 + i % 3), reply.detail());
        }
    }

    @Test
    void pingCheckerIsUpThroughTheKernelPinger() throws Exception {
        CheckResult result = new PingChecker(pinger, new PingCheck(InetAddress.getByName("127.0.0.1"), TIMEOUT))
                .probe().get(5, TimeUnit.SECONDS);
        assertTrue(result.up(), result.detail());
    }

    @Test
    void aClosedPingerAnswersAtOnceThatItIsClosed() throws Exception {
        pinger.close();
        PingReply reply = pinger.echo(InetAddress.getByName("127.0.0.1"), TIMEOUT).get(5, TimeUnit.SECONDS);
        assertFalse(reply.answered());
        assertEquals("pinger closed", reply.detail());
    }
}
