package io.vigil.vrrp.fsm;

import static io.vigil.vrrp.fsm.VirtualNetwork.ip;
import static io.vigil.vrrp.fsm.VrrpInstanceTest.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Reconfigured}: a reload's new settings swapped in, state and timers kept (keepalived clear_diff_vrrp). */
class ReconfiguredTest {

    static final InetAddress SELF = ip("198.18.0.2");
    static final InetAddress PEER = ip("198.18.0.1");
    static final InetAddress VIP = ip("198.18.0.100");
    static final InetAddress VIP2 = ip("198.18.0.101");

    private static InstanceSpec spec(int priority, int advertCentis, InetAddress... vips) {
        return InstanceSpec.of("VI_1", 51, 3, priority, advertCentis, SELF, List.of(vips));
    }

    private static VrrpInstance master(InstanceSpec spec) {
        VrrpInstance i = new VrrpInstance(spec);
        i.onEvent(0, new Startup());
        i.onEvent(i.deadlineNanos(TimerKind.MASTER_DOWN), new TimerExpired(TimerKind.MASTER_DOWN));
        assertEquals(VrrpState.MASTER, i.state());
        return i;
    }

    @Test
    void theSameSpecDoesNothing() {
        VrrpInstance i = master(spec(100, 100, VIP));
        long advert = i.deadlineNanos(TimerKind.ADVERT);
        assertEquals(List.of(), i.onEvent(advert - S / 2, new Reconfigured(spec(100, 100, VIP))));
        assertEquals(advert, i.deadlineNanos(TimerKind.ADVERT));
    }

    @Test
    void aMasterTakesANewPriorityWithoutATransitionAndAdvertisesItAtOnce() {
        VrrpInstance i = master(spec(100, 100, VIP));
        long transition = i.lastTransitionNanos();
        long now = i.deadlineNanos(TimerKind.ADVERT) - S / 2;
        List<VrrpAction> a = i.onEvent(now, new Reconfigured(spec(80, 100, VIP)));
        assertEquals(List.of(new PriorityChanged("VI_1", 100, 80), new SendAdvert("VI_1", 80),
                new ScheduleTimer("VI_1", TimerKind.ADVERT, now + S)), a, "no LogTransition, no AddVips, no GARP");
        assertEquals(VrrpState.MASTER, i.state());
        assertEquals(transition, i.lastTransitionNanos());
        assertEquals(80, i.masterPriority());
    }

    @Test
    void aMasterAddsNewVipsWithGarpAndRemovesOldOnes() {
        VrrpInstance i = master(spec(100, 100, VIP));
        long now = i.deadlineNanos(TimerKind.ADVERT) - S / 2;
        List<VrrpAction> a = i.onEvent(now, new Reconfigured(spec(100, 100, VIP2)));
        assertEquals(List.of(new RemoveVips("VI_1", List.of(VIP)), new AddVips("VI_1", List.of(VIP2)),
                new SendGratuitous("VI_1", List.of(VIP2), 5),
                new ScheduleTimer("VI_1", TimerKind.GARP_DELAYED, now + 5 * S),
                new SendAdvert("VI_1", 100), new ScheduleTimer("VI_1", TimerKind.ADVERT, now + S)), a);
        assertEquals(VrrpState.MASTER, i.state());
        assertEquals(List.of(VIP2), i.spec().virtualAddresses());
    }

    @Test
    void aBackupHoldsNoVipsAndMovesItsDownTimerByTheChangeInItsLength() {
        VrrpInstance i = new VrrpInstance(spec(100, 100, VIP));
        i.onEvent(0, new Startup());
        long due = i.deadlineNanos(TimerKind.MASTER_DOWN);
        long before = i.masterDownNanos();
        List<VrrpAction> a = i.onEvent(S, new Reconfigured(spec(200, 200, VIP, VIP2)));
        long after = i.masterDownNanos();
        assertEquals(3 * 2 * S + 56 * 2 * S / 256, after, "3 x 2 s + (256 - 200) x 2 s / 256");
        assertEquals(List.of(new PriorityChanged("VI_1", 100, 200),
                new ScheduleTimer("VI_1", TimerKind.MASTER_DOWN, due + after - before)), a);
        assertEquals(VrrpState.BACKUP, i.state());
        assertEquals(200, i.masterAdvertIntervalCentis());
    }

    @Test
    void trackerStatesAreKeptAndWeighedWithTheNewWeights() {
        TrackerSpec light = new TrackerSpec("chk", TrackerKind.SCRIPT, -10, false);
        TrackerSpec heavy = new TrackerSpec("chk", TrackerKind.SCRIPT, -30, false);
        VrrpInstance i = master(spec(100, 100, VIP).withTrackers(List.of(light)));
        i.onEvent(10 * S, new TrackerChanged("chk", false));
        assertEquals(90, i.effectivePriority());
        List<VrrpAction> a = i.onEvent(11 * S, new Reconfigured(spec(100, 100, VIP).withTrackers(List.of(heavy))));
        assertTrue(a.contains(new PriorityChanged("VI_1", 90, 70)), a.toString());
        assertEquals(VrrpState.MASTER, i.state());
    }

    @Test
    void aRemovedFaultingTrackerLetsTheInstanceLeaveFaultAndANewFailedOneEntersIt() {
        TrackerSpec eth1 = TrackerSpec.unweighted("eth1", TrackerKind.INTERFACE);
        VrrpInstance i = master(spec(100, 100, VIP).withTrackers(List.of(eth1)));
        i.onEvent(10 * S, new TrackerChanged("eth1", false));
        assertEquals(VrrpState.FAULT, i.state());
        i.onEvent(11 * S, new Reconfigured(spec(100, 100, VIP)));
        assertEquals(VrrpState.BACKUP, i.state(), "the tracker that held it in FAULT is gone");

        VrrpInstance m = master(spec(100, 100, VIP));
        m.onEvent(10 * S, new Reconfigured(spec(100, 100, VIP2).withTrackers(List.of(eth1))));
        List<VrrpAction> a = m.onEvent(10 * S, new TrackerChanged("eth1", false));
        assertEquals(VrrpState.FAULT, m.state());
        assertTrue(a.contains(new SendAdvert("VI_1", 0)));
        assertTrue(a.contains(new RemoveVips("VI_1", List.of(VIP2))), "it releases the VIPs it holds now");
    }

    @Test
    void anotherVersionIsRefused() {
        VrrpInstance i = master(spec(100, 100, VIP));
        assertThrows(IllegalArgumentException.class, () -> i.onEvent(S,
                new Reconfigured(InstanceSpec.of("VI_1", 51, 2, 100, 100, SELF, List.of(VIP)))));
    }

    @Test
    void aMasterWhosePriorityDropsBelowItsPeersHandsOverAsKeepalivedDoes() {
        VirtualNetwork net = new VirtualNetwork();
        net.add(InstanceSpec.of("a", 51, 3, 150, 100, PEER, List.of(VIP)));
        net.add(InstanceSpec.of("b", 51, 3, 100, 100, SELF, List.of(VIP)));
        net.startAll();
        net.runFor(10 * S);
        assertEquals(VrrpState.MASTER, net.instance("a").state());
        net.send("a", new Reconfigured(InstanceSpec.of("a", 51, 3, 50, 100, PEER, List.of(VIP))));
        assertEquals(VrrpState.MASTER, net.instance("a").state(), "no transition at the reload itself");
        // b discards the lower-priority adverts (it may preempt) and takes over when its down timer runs out.
        net.runFor(5 * S);
        assertEquals(VrrpState.MASTER, net.instance("b").state());
        assertEquals(VrrpState.BACKUP, net.instance("a").state());
    }

    @Test
    void aSyncGroupMemberChangedInPlaceKeepsTheGroupMaster() {
        InstanceSpec a1 = InstanceSpec.of("a1", 51, 3, 150, 100, PEER, List.of(VIP));
        InstanceSpec a2 = InstanceSpec.of("a2", 52, 3, 150, 100, PEER, List.of(VIP2));
        SyncGroup g = new SyncGroup("G", List.of(a1, a2));
        g.onEvent(0, "a1", new Startup());
        g.onEvent(0, "a2", new Startup());
        long down = Math.max(g.member("a1").deadlineNanos(TimerKind.MASTER_DOWN),
                g.member("a2").deadlineNanos(TimerKind.MASTER_DOWN));
        g.onEvent(down, "a1", new TimerExpired(TimerKind.MASTER_DOWN));
        g.onEvent(down, "a2", new TimerExpired(TimerKind.MASTER_DOWN));
        assertEquals(VrrpState.MASTER, g.state());
        List<VrrpAction> a = g.onEvent(down + S / 2, "a2",
                new Reconfigured(InstanceSpec.of("a2", 52, 3, 120, 100, PEER, List.of(VIP2, VIP))));
        assertTrue(a.stream().noneMatch(x -> x instanceof LogTransition), a.toString());
        assertTrue(a.contains(new AddVips("a2", List.of(VIP))));
        assertEquals(VrrpState.MASTER, g.member("a1").state());
        assertEquals(VrrpState.MASTER, g.member("a2").state());
    }
}
