package io.vigil.vrrp.fsm;

import static io.vigil.vrrp.fsm.VrrpInstanceTest.DOWN_100;
import static io.vigil.vrrp.fsm.VrrpInstanceTest.S;
import static io.vigil.vrrp.fsm.VrrpInstanceTest.VIP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An instance whose interface had no usable address at startup: it waits in FAULT on an unweighted tracker, and once
 * the address appears it sends from it, which then decides the equal-priority tie-break (RFC 5798 §6.4.3).
 */
class SourceAddressChangedTest {

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String ADDRESS_TRACKER = "eth0/address";

    private static VrrpInstance waitingForAnAddress() {
        InstanceSpec spec = InstanceSpec.of("VI_1", 51, 3, 100, 100, ip("0.0.0.0"), List.of(VIP))
                .withTrackers(List.of(TrackerSpec.unweighted(ADDRESS_TRACKER, TrackerKind.INTERFACE)));
        VrrpInstance i = new VrrpInstance(spec);
        i.onEvent(0, new TrackerChanged(ADDRESS_TRACKER, false));
        List<VrrpAction> start = i.onEvent(0, new Startup());
        assertEquals(VrrpState.FAULT, i.state());
        assertTrue(start.contains(new RunNotify("VI_1", VrrpState.FAULT, 100)), start.toString());
        assertTrue(start.stream().noneMatch(a -> a instanceof SendAdvert || a instanceof ScheduleTimer), start.toString());
        return i;
    }

    /** Waits in FAULT, gets {@code source} at 1 s, and becomes MASTER one master-down interval later. */
    private static VrrpInstance masterFrom(InetAddress source) {
        VrrpInstance i = waitingForAnAddress();
        i.onEvent(S, new SourceAddressChanged(source));
        i.onEvent(S, new TrackerChanged(ADDRESS_TRACKER, true));
        i.onEvent(S + DOWN_100, new TimerExpired(TimerKind.MASTER_DOWN));
        assertEquals(VrrpState.MASTER, i.state());
        return i;
    }

    @Test
    void leavesFaultWhenTheAddressIsUsableAndWinsTheTieBreakWithIt() {
        VrrpInstance i = waitingForAnAddress();
        assertTrue(i.onEvent(2 * S, new SourceAddressChanged(ip("198.18.0.9"))).isEmpty(), "no transition by itself");
        assertEquals(ip("198.18.0.9"), i.sourceAddress());
        List<VrrpAction> up = i.onEvent(2 * S, new TrackerChanged(ADDRESS_TRACKER, true));
        assertEquals(VrrpState.BACKUP, i.state(), up.toString());
        i.onEvent(2 * S + DOWN_100, new TimerExpired(TimerKind.MASTER_DOWN));
        assertEquals(VrrpState.MASTER, i.state());
        assertEquals(ip("198.18.0.9"), i.masterAddress());
        // Equal priority from a lower address: with the 0.0.0.0 placeholder this master would yield.
        i.onEvent(7 * S, new AdvertReceived(ip("198.18.0.5"), 100, 100));
        assertEquals(VrrpState.MASTER, i.state());
    }

    @Test
    void aMasterThatMovesToAnotherAddressReportsIt() {
        VrrpInstance i = masterFrom(ip("198.18.0.9"));
        i.onEvent(6 * S, new SourceAddressChanged(ip("198.18.0.4")));
        assertEquals(ip("198.18.0.4"), i.masterAddress());
        i.onEvent(7 * S, new AdvertReceived(ip("198.18.0.5"), 100, 100));
        assertEquals(VrrpState.BACKUP, i.state(), "198.18.0.5 > 198.18.0.4 wins the tie now");
    }

    @Test
    void losingTheAddressAgainPutsAMasterBackInFaultWithPriorityZero() {
        VrrpInstance i = masterFrom(ip("198.18.0.9"));
        List<VrrpAction> lost = i.onEvent(6 * S, new TrackerChanged(ADDRESS_TRACKER, false));
        assertEquals(VrrpState.FAULT, i.state());
        assertTrue(lost.contains(new SendAdvert("VI_1", 0)), lost.toString());
        assertTrue(lost.contains(new RemoveVips("VI_1", List.of(VIP))), lost.toString());
    }
}
