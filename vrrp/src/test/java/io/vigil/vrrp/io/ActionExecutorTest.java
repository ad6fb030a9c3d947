package io.vigil.vrrp.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.vigil.vrrp.fsm.AddVips;
import io.vigil.vrrp.fsm.InstanceSpec;
import io.vigil.vrrp.fsm.LogTransition;
import io.vigil.vrrp.fsm.PriorityChanged;
import io.vigil.vrrp.fsm.RemoveVips;
import io.vigil.vrrp.fsm.RunNotify;
import io.vigil.vrrp.fsm.SendAdvert;
import io.vigil.vrrp.fsm.SendGratuitous;
import io.vigil.vrrp.fsm.VrrpState;
import io.vigil.vrrp.wire.AdvertProfile;
import io.vigil.vrrp.wire.IpFamily;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link ActionExecutor} through its seams (a recording VIP owner, notify sink and advert output), without root. */
class ActionExecutorTest {

    private static final InetAddress SOURCE = AdvertSourceRuleTest.ip("198.18.0.2");
    private static final InetAddress VIP = AdvertSourceRuleTest.ip("198.18.0.100");
    private static final InetAddress VIP2 = AdvertSourceRuleTest.ip("198.18.0.101");

    /** Records what the executor asks of the kernel. */
    private static final class RecordingVipOwner implements VipOwner {
        final List<String> calls = new ArrayList<>();

        @Override
        public void add(List<Vip> vips) {
            calls.add("add " + vips);
        }

        @Override
        public void remove(List<Vip> vips) {
            calls.add("remove " + vips);
        }

        @Override
        public void announce(String device, List<InetAddress> addresses, int repeat) {
            calls.add("announce " + device + " " + addresses.stream().map(InetAddress::getHostAddress).toList()
                    + " x" + repeat);
        }

        @Override
        public void close() {
        }
    }

    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    private final IoEventLoop loop = (IoEventLoop) group.next();
    private final Map<String, InstanceBinding> bindings = new HashMap<>();
    private final Map<String, InstanceBinding> replaced = new HashMap<>();
    private final Map<String, AdvertSocket> sockets = new HashMap<>();
    private final Map<String, InstanceStats> counters = new HashMap<>();
    private final RecordingVipOwner vips = new RecordingVipOwner();
    private final List<String> notified = new ArrayList<>();
    private final List<Integer> sent = new ArrayList<>();
    private InstanceTimers timers;
    private ActionExecutor executor;

    @BeforeEach
    void executor() throws Exception {
        timers = new InstanceTimers(loop, (instance, kind) -> { });
        executor = new ActionExecutor(bindings, replaced, sockets, counters, vips,
                (instance, state, priority) -> notified.add(instance + " " + state + " " + priority), timers,
                new GarpPacer(loop, vips));
    }

    @AfterEach
    void stopLoop() {
        timers.close();
        group.shutdownGracefully();
    }

    private static InstanceBinding binding(Vip... vipList) {
        List<InetAddress> addresses = java.util.Arrays.stream(vipList).map(Vip::address).toList();
        return new InstanceBinding(InstanceSpec.of("VI_1", 51, 3, 100, 100, SOURCE, addresses), "eth0",
                AdvertProfile.multicast(51, 3, IpFamily.IPV4, 100, addresses), List.of(vipList), null);
    }

    private void install(InstanceBinding b) throws Exception {
        bindings.put(b.name(), b);
        counters.put(b.name(), new InstanceStats(100));
        AdvertSocket socket = new AdvertSocket(b.name(), "eth0", new AdvertSourceRule(IpFamily.IPV4, SOURCE), SOURCE,
                source -> new AdvertSocket.Output() {
                    @Override
                    public int send(int priority) {
                        sent.add(priority);
                        return 1;
                    }

                    @Override
                    public void close() {
                    }
                });
        socket.openAtStartup();
        sockets.put(b.name(), socket);
    }

    @Test
    void vipsAreAddedWithTheirConfiguredDeviceAndPrefixAndAnnouncedPerDevice() throws Exception {
        Vip onEth0 = new Vip(VIP, 24, "eth0", null, 0, null);
        Vip onEth1 = new Vip(VIP2, 32, "eth1", null, 0, null);
        install(binding(onEth0, onEth1));
        executor.execute(new AddVips("VI_1", List.of(VIP, VIP2)));
        executor.execute(new SendGratuitous("VI_1", List.of(VIP, VIP2), 5));
        assertEquals(List.of("add " + List.of(onEth0, onEth1), "announce eth0 [198.18.0.100] x5",
                "announce eth1 [198.18.0.101] x5"), vips.calls);
    }

    @Test
    void aVipReleasedByAnInPlaceUpdateIsFoundInTheReplacedBinding() throws Exception {
        Vip old = new Vip(VIP, 24, "eth1", null, 0, "eth1:vip");
        Vip kept = new Vip(VIP2, 24, "eth0", null, 0, null);
        install(binding(kept));
        replaced.put("VI_1", binding(old, kept));
        executor.execute(new RemoveVips("VI_1", List.of(VIP)));
        assertEquals(List.of("remove " + List.of(old)), vips.calls, "its device, prefix and label, not a /32 on eth0");
    }

    @Test
    void advertsTransitionsAndPrioritiesReachTheSocketTheNotifySinkAndTheCounters() throws Exception {
        install(binding(new Vip(VIP, 24, "eth0", null, 0, null)));
        executor.execute(new SendAdvert("VI_1", 0));
        executor.execute(new LogTransition("VI_1", VrrpState.BACKUP, VrrpState.MASTER, "test"));
        executor.execute(new PriorityChanged("VI_1", 100, 80));
        executor.execute(new RunNotify("VI_1", VrrpState.MASTER, 80));
        assertEquals(List.of(0), sent);
        assertEquals(List.of("VI_1 MASTER 80"), notified);
        InstanceStats c = counters.get("VI_1");
        assertEquals(1, c.get(VrrpCounter.ADVERT_SENT));
        assertEquals(1, c.get(VrrpCounter.PRI_ZERO_SENT));
        assertEquals(1, c.get(VrrpCounter.BECOME_MASTER));
        assertEquals(VrrpState.MASTER, c.state());
        assertEquals(80, c.effectivePriority());
    }
}
