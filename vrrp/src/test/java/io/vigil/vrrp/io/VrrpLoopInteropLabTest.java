package io.vigil.vrrp.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.vigil.dataplane.lab.KeepalivedPeer;
import io.vigil.dataplane.lab.Netns;
import io.vigil.dataplane.lab.NetnsLab;
import io.vigil.vrrp.fsm.InstanceSpec;
import io.vigil.vrrp.fsm.VrrpState;
import io.vigil.vrrp.wire.AdvertProfile;
import io.vigil.vrrp.wire.IpFamily;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The VRRP loop against Debian's keepalived 2.2.7 in two namespaces joined by a veth pair: VRRPv3 multicast, both
 * directions of the election, the VIP on exactly one side.
 */
@Tag("netns")
class VrrpLoopInteropLabTest {

    @RegisterExtension
    static final NetnsLab lab = new NetnsLab();

    private static final String VIP = "198.18.0.100";

    private Netns vigilNs;
    private Netns keepalivedNs;
    private MultiThreadIoEventLoopGroup group;
    private VrrpLoop vrrp;
    private KeepalivedPeer keepalived;
    private final List<String> notified = new CopyOnWriteArrayList<>();
    private Path dir;

    @BeforeEach
    void topology() throws Exception {
        String suffix = Long.toHexString(System.nanoTime() & 0xffff);
        vigilNs = lab.namespace("v" + suffix);
        keepalivedNs = lab.namespace("k" + suffix);
        lab.veth(vigilNs, "va", "198.18.0.1/24", keepalivedNs, "vb", "198.18.0.2/24");
        dir = Files.createTempDirectory("vigil-interop");
    }

    @AfterEach
    void stop() {
        if (vrrp != null) {
            vrrp.close();
        }
        if (keepalived != null) {
            keepalived.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private void startVigil(int priority) throws Exception {
        InetAddress primary = InetAddress.getByName("198.18.0.1");
        InetAddress vip = InetAddress.getByName(VIP);
        InstanceSpec spec = InstanceSpec.of("VI_1", 51, 3, priority, 100, primary, List.of(vip));
        AdvertProfile profile = AdvertProfile.multicast(51, 3, IpFamily.IPV4, 100, List.of(vip));
        InstanceBinding binding = new InstanceBinding(spec, "va", profile, List.of(new Vip(vip, 24, "va", null, 0, null)), null);
        vrrp = vigilNs.call(() -> {
            // The loop thread is born here, so it lives in the namespace too.
            group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
            IoEventLoop loop = (IoEventLoop) group.next();
            loop.submit(() -> { }).sync();
            return VrrpLoop.open(loop, List.of(binding), Map.of(), KernelVipOwner.open(List.of("va")),
                    (instance, state, prio) -> notified.add(instance + " " + state + " " + prio));
        });
        vrrp.start(Map.of(), Map.of()).join();
    }

    private void startKeepalived(int priority) throws Exception {
        keepalived = KeepalivedPeer.start(keepalivedNs, dir, "ka", """
                global_defs {
                    router_id ka_peer
                }
                vrrp_instance VI_1 {
                    state BACKUP
                    interface vb
                    virtual_router_id 51
                    priority %d
                    advert_int 1
                    version 3
                    virtual_ipaddress {
                        %s/24
                    }
                }
                """.formatted(priority, VIP));
    }

    private boolean hasVip(Netns ns, String device) {
        return ns.exec("ip", "-j", "addr", "show", "dev", device).orThrow().stdout().contains("\"" + VIP + "\"");
    }

    private VrrpState vigilState() {
        return vrrp.status().join().getFirst().state();
    }

    @Test
    void vigilWithHigherPriorityTakesMasterFromKeepalived() throws Exception {
        startKeepalived(100);
        keepalived.awaitState("VI_1", "MASTER", Duration.ofSeconds(10));
        assertTrue(hasVip(keepalivedNs, "vb"));

        startVigil(200);
        keepalived.awaitLog(java.util.regex.Pattern.compile("\\(VI_1\\) Entering BACKUP STATE"), Duration.ofSeconds(10));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> vigilState() == VrrpState.MASTER);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> hasVip(vigilNs, "va") && !hasVip(keepalivedNs, "vb"));
        assertTrue(notified.contains("VI_1 MASTER 200"), notified.toString());
        InstanceStatus status = vrrp.status().join().getFirst();
        assertTrue(status.counters().get(VrrpCounter.ADVERT_SENT) > 0);
        assertEquals(1, status.counters().get(VrrpCounter.BECOME_MASTER));
    }

    @Test
    void vigilWithLowerPriorityStaysBackupBehindKeepalived() throws Exception {
        startKeepalived(150);
        keepalived.awaitState("VI_1", "MASTER", Duration.ofSeconds(10));
        startVigil(100);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> vigilState() == VrrpState.BACKUP);
        // Stable for several master-down intervals: no flapping on either side.
        Thread.sleep(8_000);
        InstanceStatus status = vrrp.status().join().getFirst();
        assertEquals(VrrpState.BACKUP, status.state());
        assertEquals(0, status.counters().get(VrrpCounter.BECOME_MASTER));
        assertTrue(status.counters().get(VrrpCounter.ADVERT_RCVD) >= 7, status.counters().toString());
        assertEquals(InetAddress.getByName("198.18.0.2"), status.masterAddress());
        assertEquals("MASTER", keepalived.lastState("VI_1"));
        assertTrue(hasVip(keepalivedNs, "vb"));
        assertFalse(hasVip(vigilNs, "va"));
    }
}
