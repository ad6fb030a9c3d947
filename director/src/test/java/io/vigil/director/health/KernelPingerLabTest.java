package io.vigil.director.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.vigil.dataplane.lab.Netns;
import io.vigil.dataplane.lab.NetnsLab;
import io.vigil.healthcheck.check.PingReply;

import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** PING_CHECK across a veth pair: a neighbour that answers, and an address with no host behind it. */
@Tag("netns")
class KernelPingerLabTest {

    @RegisterExtension
    static final NetnsLab lab = new NetnsLab();

    private static MultiThreadIoEventLoopGroup group;
    private static KernelPinger pinger;

    @BeforeAll
    static void topology() throws Exception {
        Netns a = lab.namespace("a");
        Netns b = lab.namespace("b");
        lab.veth(a, "va", "198.18.0.1/24", b, "vb", "198.18.0.2/24");
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        IoEventLoop loop = (IoEventLoop) group.next();
        pinger = a.call(() -> KernelPinger.open(loop));
    }

    @AfterAll
    static void stop() {
        if (pinger != null) {
            pinger.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void theNeighbourAnswers() throws Exception {
        PingReply reply = pinger.echo(InetAddress.getByName("198.18.0.2"), TimeUnit.SECONDS.toNanos(3))
                .get(5, TimeUnit.SECONDS);
        assertTrue(reply.answered(), reply.detail());
        assertTrue(reply.rttNanos() > 0);
        assertEquals("echo reply from 198.18.0.2", reply.detail());
    }

    @Test
    void anAddressWithNoHostTimesOutWhileOthersStillAnswer() throws Exception {
        CompletableFuture<PingReply> lost = pinger.echo(InetAddress.getByName("198.18.0.9"), TimeUnit.SECONDS.toNanos(1));
        CompletableFuture<PingReply> answered = pinger.echo(InetAddress.getByName("198.18.0.2"),
                TimeUnit.SECONDS.toNanos(3));
        PingReply reply = lost.get(5, TimeUnit.SECONDS);
        assertFalse(reply.answered());
        assertEquals("no reply within 1000 ms", reply.detail());
        assertTrue(answered.get(5, TimeUnit.SECONDS).answered());
    }
}
