package io.vigil.vrrp.fsm;

import static io.vigil.vrrp.fsm.VirtualNetwork.ip;
import static io.vigil.vrrp.fsm.VrrpInstanceTest.MS;
import static io.vigil.vrrp.fsm.VrrpInstanceTest.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two or more routers exchanging adverts on a virtual link and a virtual clock. */
class ElectionTest {

    static final InetAddress A = ip("198.18.0.1");
    static final InetAddress B = ip("198.18.0.2");
    static final InetAddress VIP = ip("198.18.0.100");

    private static InstanceSpec node(String name, InetAddress self, int priority, TrackerSpec... trackers) {
        return InstanceSpec.of(name, 51, 3, priority, 100, self, List.of(VIP)).withTrackers(List.of(trackers));
    }

    @Test
    void higherPriorityWinsAndTheOtherStaysBackupWithoutFlapping() {
        VirtualNetwork net = new VirtualNetwork();
        net.add(node("a", A, 150));
        net.add(node("b", B, 100));
        net.startAll();
        net.runFor(60 * S);
        assertEquals(VrrpState.MASTER, net.instance("a").state());
        assertEquals(VrrpState.BACKUP, net.instance("b").state());
        long transitionsOfB = net.log().stream()
                .filter(x -> x instanceof LogTransition t && t.instance().equals("b")).count();
        assertEquals(1, transitionsOfB, "b only went INIT -> BACKUP");
        assertEquals(A, net.instance("b").masterAddress());
    }

    @Test
    void equalPrioritiesElectTheHigherAddress() {
        VirtualNetwork net = new VirtualNetwork();
        net.add(node("a", A, 100));
        net.add(node("b", B, 100));
        net.cutLink(true); // both become MASTER; a BACKUP would accept an equal-priority advert from either
        net.startAll();
        net.runFor(10 * S);
        assertEquals(VrrpState.MASTER, net.instance("a").state());
        net.cutLink(false);
        net.runFor(2 * S);
        assertEquals(VrrpState.BACKUP, net.instance("a").state());
        assertEquals(VrrpState.MASTER, net.instance("b").state());
    }

    @Test
    void backupTakesOverWithinMasterDownAfterMasterDiesSilently() {
        VirtualNetwork net = new VirtualNetwork();
        net.add(node("a", A, 150));
        net.add(node("b", B, 100));
        net.startAll();
        net.runFor(10 * S);
        long lastAdvert = net.instance("a").deadlineNanos(TimerKind.ADVERT) - S;
        net.cutLink(true); // kill -9 of a: no more adverts reach b
        net.runUntil(lastAdvert + net.instance("b").masterDownNanos() - 1);
        assertEquals(VrrpState.BACKUP, net.instance("b").state());
        net.runFor(1);
        assertEquals(VrrpState.MASTER, net.instance("b").state());
    }

    @Test
    void shutdownHandsOverAfterSkewTimeOnly() {
        VirtualNetwork net = new VirtualNetwork();
        net.add(node("a", A, 150));
        net.add(node("b", B, 100));
        net.startAll();
        net.runFor(10 * S + 300 * MS);
        long t = net.now();
        net.send("a", new Shutdown());
        assertEquals(t + 156 * S / 256, net.instance("b").deadlineNanos(TimerKind.MASTER_DOWN));
        net.runFor(S);
        assertEquals(VrrpState.MASTER, net.instance("b").state());
        assertEquals(VrrpState.STOP, net.instance("a").state());
    }

    @Test
    void failingWeightedScriptHandsMasterToThePeer() {
        VirtualNetwork net = new VirtualNetwork();
        net.add(node("a", A, 110, new TrackerSpec("chk_nginx", TrackerKind.SCRIPT, -20, false)));
        net.add(node("b", B, 100));
        net.send("a", new TrackerChanged("chk_nginx", true));
        net.startAll();
        net.runFor(10 * S);
        assertEquals(VrrpState.MASTER, net.instance("a").state());
        net.send("a", new TrackerChanged("chk_nginx", false));
        net.runFor(5 * S);
        assertEquals(90, net.instance("a").effectivePriority());
        assertEquals(VrrpState.BACKUP, net.instance("a").state());
        assertEquals(VrrpState.MASTER, net.instance("b").state());
        net.send("a", new TrackerChanged("chk_nginx", true));
        net.runFor(10 * S);
        assertEquals(VrrpState.MASTER, net.instance("a").state(), "preemption takes it back");
        assertEquals(VrrpState.BACKUP, net.instance("b").state());
    }

    @Test
    void interfaceDownOnTheMasterGivesFaultAndFastTakeover() {
        VirtualNetwork net = new VirtualNetwork();
        net.add(node("a", A, 150, TrackerSpec.unweighted("eth0", TrackerKind.INTERFACE)));
        net.add(node("b", B, 100));
        net.startAll();
        net.runFor(10 * S);
        int mark = net.log().size();
        net.send("a", new TrackerChanged("eth0", false));
        assertTrue(net.since(mark).contains(new SendAdvert("a", 0)));
        net.runFor(S);
        assertEquals(VrrpState.FAULT, net.instance("a").state());
        assertEquals(VrrpState.MASTER, net.instance("b").state());
    }

    @Test
    void partitionGivesTwoMastersAndHealingLeavesOneWithinAnInterval() {
        VirtualNetwork net = new VirtualNetwork();
        net.add(node("a", A, 150));
        net.add(node("b", B, 100));
        net.startAll();
        net.runFor(10 * S);
        net.cutLink(true);
        net.runFor(10 * S);
        assertEquals(VrrpState.MASTER, net.instance("a").state());
        assertEquals(VrrpState.MASTER, net.instance("b").state());
        net.cutLink(false);
        net.runFor(S);
        assertEquals(VrrpState.MASTER, net.instance("a").state());
        assertEquals(VrrpState.BACKUP, net.instance("b").state());
        assertTrue(net.log().stream().anyMatch(x -> x instanceof MasterRxLowerPriority m && m.instance().equals("a")),
                "the winner answered the loser's advert");
    }

    @Test
    void v3BackupAdoptsTheMastersIntervalForItsDownTimer() {
        VirtualNetwork net = new VirtualNetwork();
        net.add(InstanceSpec.of("a", 51, 3, 200, 10, A, List.of(VIP)));
        net.add(node("b", B, 100));
        net.startAll();
        net.runFor(5 * S);
        VrrpInstance b = net.instance("b");
        assertEquals(10, b.masterAdvertIntervalCentis());
        assertEquals(3 * 100 * MS + 156L * 100 * MS / 256, b.masterDownNanos());
        net.cutLink(true);
        long cut = net.now();
        net.runFor(S);
        assertEquals(VrrpState.MASTER, b.state(), "took over in ~0.36 s, not 3.6 s");
        assertFalse(b.lastTransitionNanos() - cut > 400 * MS);
        assertEquals(100, b.masterAdvertIntervalCentis(), "a master advertises its own interval");
    }

    @Test
    void syncGroupMovesTogether() {
        VirtualNetwork net = new VirtualNetwork();
        InstanceSpec a1 = InstanceSpec.of("a1", 51, 3, 150, 100, A, List.of(VIP))
                .withTrackers(List.of(TrackerSpec.unweighted("eth1", TrackerKind.INTERFACE)));
        InstanceSpec a2 = InstanceSpec.of("a2", 52, 3, 150, 100, A, List.of(ip("198.18.1.100")));
        net.add(new SyncGroup("G", List.of(a1, a2)));
        net.add(InstanceSpec.of("b1", 51, 3, 100, 100, B, List.of(VIP)));
        net.add(InstanceSpec.of("b2", 52, 3, 100, 100, B, List.of(ip("198.18.1.100"))));
        net.startAll();
        net.runFor(10 * S);
        assertEquals(VrrpState.MASTER, net.instance("a1").state());
        assertEquals(VrrpState.MASTER, net.instance("a2").state());

        int mark = net.log().size();
        net.send("a1", new TrackerChanged("eth1", false));
        assertEquals(VrrpState.FAULT, net.instance("a1").state());
        assertEquals(VrrpState.FAULT, net.instance("a2").state(), "a member in FAULT takes the group to FAULT");
        assertTrue(net.since(mark).contains(new SendAdvert("a2", 0)));
        net.runFor(5 * S);
        assertEquals(VrrpState.MASTER, net.instance("b1").state());
        assertEquals(VrrpState.MASTER, net.instance("b2").state());

        net.send("a1", new TrackerChanged("eth1", true));
        assertEquals(VrrpState.BACKUP, net.instance("a1").state());
        assertEquals(VrrpState.BACKUP, net.instance("a2").state(), "the group leaves FAULT together");
        net.runFor(10 * S);
        assertEquals(VrrpState.MASTER, net.instance("a1").state());
        assertEquals(VrrpState.MASTER, net.instance("a2").state());
        assertEquals(VrrpState.BACKUP, net.instance("b1").state());
        assertEquals(VrrpState.BACKUP, net.instance("b2").state());
    }

    @Test
    void syncGroupMemberWaitsUntilEveryMemberWantsMaster() {
        InstanceSpec a1 = InstanceSpec.of("a1", 51, 3, 100, 100, A, List.of(VIP));
        InstanceSpec a2 = InstanceSpec.of("a2", 52, 3, 200, 100, A, List.of(ip("198.18.1.100")));
        SyncGroup g = new SyncGroup("G", List.of(a1, a2));
        g.onEvent(0, "a1", new Startup());
        g.onEvent(0, "a2", new Startup());
        long downA2 = g.member("a2").deadlineNanos(TimerKind.MASTER_DOWN);
        long downA1 = g.member("a1").deadlineNanos(TimerKind.MASTER_DOWN);
        // a2 (higher priority, shorter skew) expires first but must wait for a1.
        g.onEvent(downA2, "a2", new TimerExpired(TimerKind.MASTER_DOWN));
        assertEquals(VrrpState.BACKUP, g.member("a2").state());
        List<VrrpAction> both = g.onEvent(downA1, "a1", new TimerExpired(TimerKind.MASTER_DOWN));
        assertEquals(VrrpState.MASTER, g.member("a1").state());
        assertEquals(VrrpState.MASTER, g.member("a2").state());
        assertTrue(both.contains(new AddVips("a2", List.of(ip("198.18.1.100")))));
        assertEquals(VrrpState.MASTER, g.state());
        // One member yielding to a higher-priority master takes the other to BACKUP.
        g.onEvent(downA1 + S, "a1", new AdvertReceived(B, 250, 100));
        assertEquals(VrrpState.BACKUP, g.member("a2").state());
    }
}
