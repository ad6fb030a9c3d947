package io.vigil.vrrp.fsm;

import static io.vigil.vrrp.fsm.VirtualNetwork.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One instance stepped by hand on a virtual clock: RFC 5798 §6.4 tables and keepalived's extras. */
class VrrpInstanceTest {

    static final InetAddress SELF = ip("198.18.0.2");
    static final InetAddress PEER_LOW = ip("198.18.0.1");
    static final InetAddress PEER_HIGH = ip("198.18.0.3");
    static final InetAddress VIP = ip("198.18.0.100");
    static final long S = 1_000_000_000L;
    static final long MS = 1_000_000L;

    static InstanceSpec spec(int priority) {
        return InstanceSpec.of("VI_1", 51, 3, priority, 100, SELF, List.of(VIP));
    }

    /** 3 × 1 s + (256 − 100) × 1 s / 256 = 3.609375 s. */
    static final long DOWN_100 = 3 * S + 156 * S / 256;

    private static VrrpInstance started(InstanceSpec spec, long now) {
        VrrpInstance i = new VrrpInstance(spec);
        i.onEvent(now, new Startup());
        return i;
    }

    private static VrrpInstance master(InstanceSpec spec) {
        VrrpInstance i = started(spec, 0);
        i.onEvent(i.deadlineNanos(TimerKind.MASTER_DOWN), new TimerExpired(TimerKind.MASTER_DOWN));
        assertEquals(VrrpState.MASTER, i.state());
        return i;
    }

    @Test
    void startupAsBackupArmsTheMasterDownTimer() {
        VrrpInstance i = new VrrpInstance(spec(100));
        List<VrrpAction> a = i.onEvent(0, new Startup());
        assertEquals(List.of(new LogTransition("VI_1", VrrpState.INIT, VrrpState.BACKUP, "startup"),
                new RunNotify("VI_1", VrrpState.BACKUP, 100),
                new ScheduleTimer("VI_1", TimerKind.MASTER_DOWN, DOWN_100)), a);
        assertEquals(VrrpState.BACKUP, i.state());
    }

    @Test
    void masterDownExpiryMakesMasterInKeepalivedsOrder() {
        VrrpInstance i = started(spec(100), 0);
        assertTrue(i.onEvent(DOWN_100 - 1, new TimerExpired(TimerKind.MASTER_DOWN)).isEmpty(), "early expiry ignored");
        List<VrrpAction> a = i.onEvent(DOWN_100, new TimerExpired(TimerKind.MASTER_DOWN));
        // The fired timer needs no CancelTimer.
        assertEquals(List.of(
                new SendAdvert("VI_1", 100),
                new LogTransition("VI_1", VrrpState.BACKUP, VrrpState.MASTER, "no advert within the master-down interval"),
                new AddVips("VI_1", List.of(VIP)),
                new SendGratuitous("VI_1", List.of(VIP), 5),
                new ScheduleTimer("VI_1", TimerKind.GARP_DELAYED, DOWN_100 + 5 * S),
                new RunNotify("VI_1", VrrpState.MASTER, 100),
                new ScheduleTimer("VI_1", TimerKind.ADVERT, DOWN_100 + S)), a);
        assertEquals(SELF, i.masterAddress());
    }

    @Test
    void addressOwnerWithStateMasterTakesOverAfterOneMicrosecond() {
        VrrpInstance i = started(spec(255), 0);
        assertEquals(1_000, i.deadlineNanos(TimerKind.MASTER_DOWN));
        i.onEvent(1_000, new TimerExpired(TimerKind.MASTER_DOWN));
        assertEquals(VrrpState.MASTER, i.state());
    }

    @Test
    void stateMasterBelow255WaitsAFullMasterDownInterval() {
        VrrpInstance i = started(spec(100).withPreemption(VrrpState.MASTER, false, 0), 0);
        assertEquals(VrrpState.BACKUP, i.state());
        assertEquals(DOWN_100, i.deadlineNanos(TimerKind.MASTER_DOWN));
    }

    @Test
    void masterAdvertisesEveryInterval() {
        VrrpInstance i = master(spec(100));
        long t = i.deadlineNanos(TimerKind.ADVERT);
        assertEquals(List.of(new SendAdvert("VI_1", 100), new ScheduleTimer("VI_1", TimerKind.ADVERT, t + S)),
                i.onEvent(t, new TimerExpired(TimerKind.ADVERT)));
    }

    @Test
    void backupAcceptsHigherAdvertAndAdoptsTheV3Interval() {
        VrrpInstance i = started(spec(100), 0);
        List<VrrpAction> a = i.onEvent(2 * S, new AdvertReceived(PEER_LOW, 150, 50));
        long down = 3 * 50 * 10 * MS + 156L * 50 * 10 * MS / 256;
        assertEquals(List.of(new ScheduleTimer("VI_1", TimerKind.MASTER_DOWN, 2 * S + down)), a);
        assertEquals(50, i.masterAdvertIntervalCentis());
        assertEquals(PEER_LOW, i.masterAddress());
        assertEquals(150, i.masterPriority());
    }

    @Test
    void backupAcceptsEqualPriorityAdverts() {
        VrrpInstance i = started(spec(100), 0);
        assertEquals(1, i.onEvent(S, new AdvertReceived(PEER_LOW, 100, 100)).size());
        assertEquals(S + DOWN_100, i.deadlineNanos(TimerKind.MASTER_DOWN));
    }

    @Test
    void backupDiscardsLowerPriorityAdvertsAndTakesOver() {
        VrrpInstance i = started(spec(100), 0);
        assertTrue(i.onEvent(S, new AdvertReceived(PEER_LOW, 50, 100)).isEmpty());
        assertEquals(DOWN_100, i.deadlineNanos(TimerKind.MASTER_DOWN), "the timer keeps running");
    }

    @Test
    void backupReceivingPriorityZeroTakesOverAfterSkewTime() {
        VrrpInstance i = started(spec(100), 0);
        i.onEvent(S, new AdvertReceived(PEER_LOW, 200, 100));
        i.onEvent(2 * S, new AdvertReceived(PEER_LOW, 0, 100));
        assertEquals(2 * S + 156 * S / 256, i.deadlineNanos(TimerKind.MASTER_DOWN));
    }

    @Test
    void v2SkewIgnoresTheInterval() {
        VrrpInstance i = new VrrpInstance(InstanceSpec.of("VI_1", 51, 2, 200, 300, SELF, List.of(VIP)));
        assertEquals(56 * S / 256, i.skewNanos());
        assertEquals(9 * S + 56 * S / 256, i.masterDownNanos());
        i.onEvent(0, new Startup());
        i.onEvent(S, new AdvertReceived(PEER_HIGH, 250, 100));
        assertEquals(300, i.masterAdvertIntervalCentis(), "v2 never adopts the master's interval");
    }

    @Test
    void masterYieldsToHigherPriorityWithoutSendingPriorityZero() {
        VrrpInstance i = master(spec(100));
        List<VrrpAction> a = i.onEvent(10 * S, new AdvertReceived(PEER_LOW, 200, 200));
        assertEquals(VrrpState.BACKUP, i.state());
        assertFalse(a.contains(new SendAdvert("VI_1", 0)));
        assertTrue(a.contains(new RemoveVips("VI_1", List.of(VIP))));
        assertTrue(a.contains(new RunNotify("VI_1", VrrpState.BACKUP, 100)));
        assertTrue(a.contains(new CancelTimer("VI_1", TimerKind.ADVERT)));
        assertEquals(200, i.masterAdvertIntervalCentis(), "v3 backup adopts the new master's interval");
        assertEquals(10 * S + 6 * S + 156L * 2 * S / 256, i.deadlineNanos(TimerKind.MASTER_DOWN));
    }

    @Test
    void equalPriorityTieBreakOnPrimaryAddress() {
        VrrpInstance i = master(spec(100));
        List<VrrpAction> lower = i.onEvent(10 * S, new AdvertReceived(PEER_LOW, 100, 100));
        assertEquals(VrrpState.MASTER, i.state());
        assertEquals(new SendAdvert("VI_1", 100), lower.get(0));
        i.onEvent(11 * S, new AdvertReceived(PEER_HIGH, 100, 100));
        assertEquals(VrrpState.BACKUP, i.state());
        assertEquals(PEER_HIGH, i.masterAddress());
        // 198.18.0.10 > 198.18.0.2 as a number, though not as a string.
        VrrpInstance j = master(spec(100));
        j.onEvent(10 * S, new AdvertReceived(ip("198.18.0.10"), 100, 100));
        assertEquals(VrrpState.BACKUP, j.state());
        assertTrue(VrrpInstance.compareAddresses(ip("198.18.0.200"), ip("198.18.0.3")) > 0);
    }

    @Test
    void masterAnswersALowerAdvertAtOnceWithAdvertAndGarps() {
        VrrpInstance i = master(spec(100));
        long t = 10 * S + 300 * MS;
        List<VrrpAction> a = i.onEvent(t, new AdvertReceived(PEER_LOW, 50, 100));
        assertEquals(List.of(new SendAdvert("VI_1", 100),
                new ScheduleTimer("VI_1", TimerKind.ADVERT, t + S),
                new SendGratuitous("VI_1", List.of(VIP), 5),
                new ScheduleTimer("VI_1", TimerKind.GARP_LOWER_PRIORITY, t + 5 * S),
                new MasterRxLowerPriority("VI_1", PEER_LOW, 50)), a);
        assertEquals(List.of(new SendGratuitous("VI_1", List.of(VIP), 5)),
                i.onEvent(t + 5 * S, new TimerExpired(TimerKind.GARP_LOWER_PRIORITY)));
    }

    @Test
    void lowerPrioNoAdvertSuppressesTheAnswer() {
        InstanceSpec quiet = new InstanceSpec("VI_1", 51, 3, spec(100).family(), 100, VrrpState.BACKUP, 100, false, 0,
                SELF, List.of(VIP), List.of(), new GarpSpec(0, 1, 0, 1, 0, 0), 3, true, false, true);
        VrrpInstance i = master(quiet);
        assertEquals(List.of(new MasterRxLowerPriority("VI_1", PEER_LOW, 50)),
                i.onEvent(10 * S, new AdvertReceived(PEER_LOW, 50, 100)));
    }

    @Test
    void masterReceivingPriorityZeroAdvertisesAndStaysMaster() {
        VrrpInstance i = master(spec(100));
        List<VrrpAction> a = i.onEvent(10 * S, new AdvertReceived(PEER_LOW, 0, 100));
        assertEquals(new SendAdvert("VI_1", 100), a.get(0));
        assertEquals(VrrpState.MASTER, i.state());
    }

    @Test
    void shutdownOfAMasterSendsPriorityZeroAndReleasesTheAddresses() {
        VrrpInstance i = master(spec(100));
        List<VrrpAction> a = i.onEvent(20 * S, new Shutdown());
        assertEquals(new SendAdvert("VI_1", 0), a.get(0));
        assertEquals(new RemoveVips("VI_1", List.of(VIP)), a.get(1));
        assertTrue(a.contains(new RunNotify("VI_1", VrrpState.STOP, 100)));
        assertEquals(VrrpState.STOP, i.state());
        for (TimerKind k : TimerKind.values()) {
            assertEquals(Long.MIN_VALUE, i.deadlineNanos(k));
        }
        assertTrue(i.onEvent(21 * S, new AdvertReceived(PEER_LOW, 50, 100)).isEmpty());
    }

    @Test
    void shutdownOfABackupSendsNothing() {
        VrrpInstance i = started(spec(100), 0);
        List<VrrpAction> a = i.onEvent(S, new Shutdown());
        assertFalse(a.stream().anyMatch(x -> x instanceof SendAdvert || x instanceof RemoveVips));
    }

    @Test
    void nopreemptBackupKeepsAcceptingALowerMaster() {
        VrrpInstance i = started(spec(200).withPreemption(VrrpState.BACKUP, true, 0), 0);
        for (long t = S; t < 20 * S; t += S) {
            i.onEvent(t, new AdvertReceived(PEER_LOW, 100, 100));
            assertEquals(VrrpState.BACKUP, i.state());
        }
        assertEquals(PEER_LOW, i.masterAddress());
    }

    @Test
    void keepalivedClearsNopreemptForOwnersAndStateMaster() {
        assertFalse(spec(255).withPreemption(VrrpState.BACKUP, true, 0).nopreempt());
        assertFalse(spec(100).withPreemption(VrrpState.MASTER, true, 0).nopreempt());
        assertEquals(0, spec(100).withPreemption(VrrpState.BACKUP, true, 2_000).preemptDelayMillis());
    }

    @Test
    void preemptDelayHoldsTakeoverThenLetsTheTimerRun() {
        // man5: advert_int 1, priority 128 takes ~3.5 s; preempt_delay 2 makes it ~5.5 s.
        VrrpInstance i = started(spec(128).withPreemption(VrrpState.BACKUP, false, 2_000), 0);
        long down = 3 * S + 128 * S / 256;
        long t0 = 10 * S;
        i.onEvent(t0, new AdvertReceived(PEER_LOW, 100, 100)); // starts the preempt delay, accepted
        assertEquals(t0 + down, i.deadlineNanos(TimerKind.MASTER_DOWN));
        i.onEvent(t0 + S, new AdvertReceived(PEER_LOW, 100, 100)); // still within the delay: accepted
        i.onEvent(t0 + 2 * S, new AdvertReceived(PEER_LOW, 100, 100)); // delay over: discarded
        assertEquals(t0 + S + down, i.deadlineNanos(TimerKind.MASTER_DOWN));
        i.onEvent(t0 + S + down, new TimerExpired(TimerKind.MASTER_DOWN));
        assertEquals(VrrpState.MASTER, i.state());
    }

    @Test
    void staleOrCancelledTimerExpiriesAreIgnored() {
        VrrpInstance i = started(spec(100), 0);
        i.onEvent(S, new AdvertReceived(PEER_LOW, 200, 100)); // reschedules MASTER_DOWN later
        assertTrue(i.onEvent(DOWN_100, new TimerExpired(TimerKind.MASTER_DOWN)).isEmpty());
        assertTrue(i.onEvent(DOWN_100, new TimerExpired(TimerKind.ADVERT)).isEmpty());
        assertEquals(VrrpState.BACKUP, i.state());
    }

    @Test
    void garpDelayedBurstAndRefreshSchedule() {
        InstanceSpec s = spec(100).withGarp(new GarpSpec(2_000, 3, 60_000, 2, 5_000, 5));
        VrrpInstance i = started(s, 0);
        List<VrrpAction> a = i.onEvent(DOWN_100, new TimerExpired(TimerKind.MASTER_DOWN));
        assertTrue(a.contains(new SendGratuitous("VI_1", List.of(VIP), 3)));
        assertTrue(a.contains(new ScheduleTimer("VI_1", TimerKind.GARP_DELAYED, DOWN_100 + 2 * S)));
        assertTrue(a.contains(new ScheduleTimer("VI_1", TimerKind.GARP_REFRESH, DOWN_100 + 62 * S)));
        assertEquals(List.of(new SendGratuitous("VI_1", List.of(VIP), 3)),
                i.onEvent(DOWN_100 + 2 * S, new TimerExpired(TimerKind.GARP_DELAYED)));
        assertEquals(List.of(new SendGratuitous("VI_1", List.of(VIP), 2),
                        new ScheduleTimer("VI_1", TimerKind.GARP_REFRESH, DOWN_100 + 122 * S)),
                i.onEvent(DOWN_100 + 62 * S, new TimerExpired(TimerKind.GARP_REFRESH)));
        List<VrrpAction> leave = i.onEvent(DOWN_100 + 70 * S, new AdvertReceived(PEER_HIGH, 200, 100));
        assertTrue(leave.contains(new CancelTimer("VI_1", TimerKind.GARP_REFRESH)));
    }

    @Test
    void noDelayedBurstWhenGarpMasterDelayIsZero() {
        VrrpInstance i = started(spec(100).withGarp(new GarpSpec(0, 1, 0, 1, 0, 0)), 0);
        List<VrrpAction> a = i.onEvent(DOWN_100, new TimerExpired(TimerKind.MASTER_DOWN));
        assertFalse(a.stream().anyMatch(x -> x instanceof ScheduleTimer t && t.kind() == TimerKind.GARP_DELAYED));
        assertTrue(a.contains(new SendGratuitous("VI_1", List.of(VIP), 1)));
    }
}
