package io.vigil.vrrp.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.vigil.dataplane.lab.LabProcess;
import io.vigil.dataplane.lab.Netns;
import io.vigil.dataplane.lab.NetnsLab;
import io.vigil.vrrp.fsm.InstanceSpec;
import io.vigil.vrrp.fsm.VrrpState;
import io.vigil.vrrp.wire.AdvertProfile;
import io.vigil.vrrp.wire.IpFamily;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Failover at advert_int 0.1 s while busy loops keep both cores saturated, several times over: two VRRP loops (A
 * priority 200, B 100) and a client on one bridge. Each round cuts A's link (a dead host: nothing more leaves it),
 * and the client must then reach the VIP through B, which only happens once B's gratuitous ARP has moved the
 * client's neighbour entry (left alone, that entry points at A for 20 s or more). Then A's link comes back, A wins
 * again, and its answer to B's lower-priority advert moves the client back.
 */
@Tag("netns")
class TakeoverUnderLoadLabTest {

    @RegisterExtension
    static final NetnsLab lab = new NetnsLab();

    private static final String VIP = "198.18.21.100";
    private static final int ROUNDS = 4;
    /** The takeover takes about 0.4 s; without a GARP the client would need 20 s or more. */
    private static final Duration REACH_VIP = Duration.ofSeconds(6);

    private static Netns sw;
    private static Netns a;
    private static Netns b;
    private static Netns client;
    private static final List<MultiThreadIoEventLoopGroup> groups = new ArrayList<>();
    private static VrrpLoop vrrpA;
    private static VrrpLoop vrrpB;
    private static final List<LabProcess> busy = new ArrayList<>();

    @BeforeAll
    static void topology() throws Exception {
        String s = Long.toHexString(System.nanoTime() & 0xffff);
        sw = lab.namespace("s" + s);
        a = lab.namespace("a" + s);
        b = lab.namespace("b" + s);
        client = lab.namespace("c" + s);
        lab.bridge(sw, "br0", null);
        int host = 1;
        for (Netns ns : List.of(a, b, client)) {
            String port = "p" + host;
            lab.veth(sw, port, null, ns, "eth0", "198.18.21." + host + "/24");
            lab.attach(sw, port, "br0");
            host++;
        }
        vrrpA = start(a, "198.18.21.1", 200);
        vrrpB = start(b, "198.18.21.2", 100);
        for (int i = 0; i < 4; i++) { // two cores: twice as many busy loops
            busy.add(client.start("sh", "-c", "while :; do :; done"));
        }
    }

    @AfterAll
    static void stop() {
        busy.forEach(LabProcess::kill);
        for (VrrpLoop v : new VrrpLoop[] {vrrpA, vrrpB}) {
            if (v != null) {
                v.close();
            }
        }
        groups.forEach(g -> g.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly());
    }

    private static VrrpLoop start(Netns ns, String primary, int priority) throws Exception {
        InetAddress vip = InetAddress.getByName(VIP);
        InstanceSpec spec = InstanceSpec.of("VI_1", 52, 3, priority, 10, InetAddress.getByName(primary), List.of(vip));
        AdvertProfile profile = AdvertProfile.multicast(52, 3, IpFamily.IPV4, 10, List.of(vip));
        InstanceBinding binding = new InstanceBinding(spec, "eth0", profile,
                List.of(new Vip(vip, 24, "eth0", null, 0, null)), null);
        VrrpLoop loop = ns.call(() -> {
            MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
            groups.add(group);
            IoEventLoop io = (IoEventLoop) group.next();
            io.submit(() -> { }).sync(); // the loop thread is born here, in the namespace
            return VrrpLoop.open(io, List.of(binding), Map.of(), KernelVipOwner.open(List.of("eth0")),
                    (instance, state, prio) -> { });
        });
        loop.start(Map.of(), Map.of()).join();
        return loop;
    }

    private static VrrpState state(VrrpLoop loop) {
        return loop.status().join().getFirst().state();
    }

    private static String mac(Netns ns) {
        return ns.exec("cat", "/sys/class/net/eth0/address").orThrow().stdout().strip();
    }

    /** The client got an answer from the VIP, and its neighbour entry for the VIP is {@code owner}'s MAC. */
    private static boolean clientReachesVipThrough(Netns owner) {
        boolean answered = client.exec(Duration.ofSeconds(3), "ping", "-n", "-c", "1", "-W", "1", VIP).ok();
        return answered && client.exec("ip", "neigh", "show", VIP).orThrow().stdout().contains(mac(owner));
    }

    @Test
    void everyTakeoverUnderCpuContentionReachesTheClient() {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> state(vrrpA) == VrrpState.MASTER && state(vrrpB) == VrrpState.BACKUP
                        && clientReachesVipThrough(a));
        long becameMaster = vrrpB.stats("VI_1").get(VrrpCounter.BECOME_MASTER);
        for (int round = 1; round <= ROUNDS; round++) {
            a.exec("ip", "link", "set", "eth0", "down").orThrow();
            long cut = System.nanoTime();
            Awaitility.await("round " + round + ": the client reaches the VIP through B")
                    .atMost(REACH_VIP).pollInterval(Duration.ofMillis(100))
                    .until(() -> clientReachesVipThrough(b));
            long tookMillis = (System.nanoTime() - cut) / 1_000_000;
            assertEquals(VrrpState.MASTER, state(vrrpB), "round " + round);
            assertTrue(vrrpB.stats("VI_1").get(VrrpCounter.BECOME_MASTER) > becameMaster,
                    "round " + round + ": B took over (" + tookMillis + " ms)");
            becameMaster = vrrpB.stats("VI_1").get(VrrpCounter.BECOME_MASTER);

            a.exec("ip", "link", "set", "eth0", "up").orThrow();
            Awaitility.await("round " + round + ": A is master again and the client follows")
                    .atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> state(vrrpA) == VrrpState.MASTER && state(vrrpB) == VrrpState.BACKUP
                            && clientReachesVipThrough(a));
        }
    }
}
