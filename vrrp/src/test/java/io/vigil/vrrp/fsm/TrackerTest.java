package io.vigil.vrrp.fsm;

import static io.vigil.vrrp.fsm.VrrpInstanceTest.DOWN_100;
import static io.vigil.vrrp.fsm.VrrpInstanceTest.S;
import static io.vigil.vrrp.fsm.VrrpInstanceTest.VIP;
import static io.vigil.vrrp.fsm.VrrpInstanceTest.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** track_interface, track_script and track_file: weights, reverse, clamping and FAULT (keepalived.md §2.11, §2.15). */
class TrackerTest {

    private static VrrpInstance with(int priority, TrackerSpec... trackers) {
        return new VrrpInstance(spec(priority).withTrackers(List.of(trackers)));
    }

    @Test
    void weightSignRules() {
        TrackerSet s = new TrackerSet(List.of(
                new TrackerSpec("plus", TrackerKind.SCRIPT, 10, false),
                new TrackerSpec("minus", TrackerKind.SCRIPT, -20, false),
                new TrackerSpec("plusRev", TrackerKind.SCRIPT, 5, true),
                new TrackerSpec("minusRev", TrackerKind.INTERFACE, -7, true)));
        assertEquals(0, s.weightSum(), "unknown trackers add nothing");
        s.update("plus", true);
        s.update("minus", true);
        s.update("plusRev", true);
        s.update("minusRev", true);
        assertEquals(10 + 0 - 5 + 0, s.weightSum());
        s.update("plus", false);
        s.update("minus", false);
        s.update("plusRev", false);
        s.update("minusRev", false);
        assertEquals(0 - 20 + 0 + 7, s.weightSum());
        assertNull(s.faultingTracker());
    }

    @Test
    void trackFileMultipliesAndFaultsAtMinus254() {
        TrackerSet s = new TrackerSet(List.of(new TrackerSpec("f", TrackerKind.FILE, -2, false),
                TrackerSpec.unweighted("g", TrackerKind.FILE)));
        s.update("f", 10L);
        assertEquals(-20, s.weightSum());
        s.update("f", -200L);
        assertEquals(253, s.weightSum(), "capped at 253");
        s.update("f", 127L);
        assertEquals("f", s.faultingTracker());
        s.update("f", 0L);
        s.update("g", 1L);
        assertEquals("g", s.faultingTracker(), "weight 0: any non-zero value is a failure");
    }

    @Test
    void effectivePriorityIsClampedAndOwnersAreNotChanged() {
        VrrpInstance low = with(20, new TrackerSpec("s", TrackerKind.SCRIPT, -50, false));
        low.onEvent(0, new Startup());
        low.onEvent(S, new TrackerChanged("s", false));
        assertEquals(1, low.effectivePriority());
        VrrpInstance high = with(250, new TrackerSpec("s", TrackerKind.SCRIPT, 50, false));
        high.onEvent(0, new Startup());
        // The running down timer shrinks with the skew: 3 s + 6/256 s becomes 3 s + 2/256 s.
        assertEquals(List.of(new PriorityChanged("VI_1", 250, 254),
                        new ScheduleTimer("VI_1", TimerKind.MASTER_DOWN, 3 * S + 2 * S / 256)),
                high.onEvent(S, new TrackerChanged("s", true)));
        VrrpInstance owner = with(255, new TrackerSpec("s", TrackerKind.SCRIPT, -50, false));
        owner.onEvent(0, new Startup());
        assertTrue(owner.onEvent(S, new TrackerChanged("s", false)).isEmpty());
        assertEquals(255, owner.effectivePriority());
    }

    @Test
    void priorityChangeInBackupShiftsTheRunningDownTimer() {
        VrrpInstance i = with(100, new TrackerSpec("s", TrackerKind.SCRIPT, -56, false));
        i.onEvent(0, new Startup());
        i.onEvent(S, new TrackerChanged("s", false));
        assertEquals(44, i.effectivePriority());
        assertEquals(DOWN_100 + 56 * S / 256, i.deadlineNanos(TimerKind.MASTER_DOWN));
    }

    @Test
    void masterAdvertisesItsNewPriorityAtTheNextInterval() {
        VrrpInstance i = with(100, new TrackerSpec("s", TrackerKind.SCRIPT, -30, false));
        i.onEvent(0, new Startup());
        i.onEvent(DOWN_100, new TimerExpired(TimerKind.MASTER_DOWN));
        i.onEvent(DOWN_100 + S / 2, new TrackerChanged("s", false));
        List<VrrpAction> a = i.onEvent(DOWN_100 + S, new TimerExpired(TimerKind.ADVERT));
        assertEquals(new SendAdvert("VI_1", 70), a.get(0));
    }

    @Test
    void trackedInterfaceDownPutsAMasterInFaultWithPriorityZero() {
        VrrpInstance i = with(100, TrackerSpec.unweighted("eth0", TrackerKind.INTERFACE));
        i.onEvent(0, new TrackerChanged("eth0", true));
        i.onEvent(0, new Startup());
        i.onEvent(DOWN_100, new TimerExpired(TimerKind.MASTER_DOWN));
        List<VrrpAction> a = i.onEvent(10 * S, new TrackerChanged("eth0", false));
        assertEquals(VrrpState.FAULT, i.state());
        assertEquals(new SendAdvert("VI_1", 0), a.get(0));
        assertTrue(a.contains(new RemoveVips("VI_1", List.of(VIP))));
        assertTrue(a.contains(new RunNotify("VI_1", VrrpState.FAULT, 100)));
        assertTrue(a.contains(new CancelTimer("VI_1", TimerKind.ADVERT)));
        assertTrue(i.onEvent(11 * S, new AdvertReceived(VrrpInstanceTest.PEER_LOW, 50, 100)).isEmpty(),
                "FAULT ignores adverts");

        List<VrrpAction> up = i.onEvent(20 * S, new TrackerChanged("eth0", true));
        assertEquals(VrrpState.BACKUP, i.state());
        assertTrue(up.contains(new RunNotify("VI_1", VrrpState.BACKUP, 100)));
        assertEquals(20 * S + DOWN_100, i.deadlineNanos(TimerKind.MASTER_DOWN));
    }

    @Test
    void backupGoesToFaultWithoutAdvert() {
        VrrpInstance i = with(100, TrackerSpec.unweighted("chk", TrackerKind.SCRIPT));
        i.onEvent(0, new TrackerChanged("chk", true));
        i.onEvent(0, new Startup());
        List<VrrpAction> a = i.onEvent(S, new TrackerChanged("chk", false));
        assertEquals(VrrpState.FAULT, i.state());
        assertFalse(a.stream().anyMatch(x -> x instanceof SendAdvert));
        assertTrue(a.contains(new CancelTimer("VI_1", TimerKind.MASTER_DOWN)));
    }

    @Test
    void startupInFaultWhenAnInterfaceIsDownOrAScriptHasNotReported() {
        VrrpInstance down = with(100, TrackerSpec.unweighted("eth0", TrackerKind.INTERFACE));
        down.onEvent(0, new TrackerChanged("eth0", false));
        assertTrue(down.onEvent(0, new Startup()).contains(new RunNotify("VI_1", VrrpState.FAULT, 100)));
        assertEquals(VrrpState.FAULT, down.state());

        VrrpInstance waiting = with(100, TrackerSpec.unweighted("chk", TrackerKind.SCRIPT));
        List<VrrpAction> a = waiting.onEvent(0, new Startup());
        assertEquals(VrrpState.FAULT, waiting.state());
        assertFalse(a.stream().anyMatch(x -> x instanceof RunNotify), "no notify while a script is initialising");
        waiting.onEvent(S, new TrackerChanged("chk", true));
        assertEquals(VrrpState.BACKUP, waiting.state());
    }

    @Test
    void reverseUnweightedInterfaceFaultsWhenUp() {
        VrrpInstance i = with(100, new TrackerSpec("eth9", TrackerKind.INTERFACE, 0, true));
        i.onEvent(0, new TrackerChanged("eth9", true));
        i.onEvent(0, new Startup());
        assertEquals(VrrpState.FAULT, i.state());
    }

    @Test
    void weightedInterfaceChangesPriorityInsteadOfFault() {
        VrrpInstance i = with(100, new TrackerSpec("eth1", TrackerKind.INTERFACE, -30, false));
        i.onEvent(0, new TrackerChanged("eth1", true));
        i.onEvent(0, new Startup());
        i.onEvent(S, new TrackerChanged("eth1", false));
        assertEquals(VrrpState.BACKUP, i.state());
        assertEquals(70, i.effectivePriority());
    }

    @Test
    void unknownTrackerNamesAreIgnored() {
        VrrpInstance i = with(100);
        i.onEvent(0, new Startup());
        assertTrue(i.onEvent(S, new TrackerChanged("nope", false)).isEmpty());
        assertTrue(i.onEvent(S, new TrackedFileChanged("nope", 5)).isEmpty());
    }
}
