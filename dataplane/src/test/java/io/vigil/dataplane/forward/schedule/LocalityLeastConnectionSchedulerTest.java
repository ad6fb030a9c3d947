package io.vigil.dataplane.forward.schedule;

import static io.vigil.dataplane.forward.schedule.Fixture.destination;
import static io.vigil.dataplane.forward.schedule.Fixture.over;
import static io.vigil.dataplane.forward.schedule.Fixture.to;
import static io.vigil.dataplane.forward.schedule.Fixture.withConnections;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vigil.dataplane.forward.Destination;
import io.vigil.dataplane.forward.Flow;
import org.junit.jupiter.api.Test;

class LocalityLeastConnectionSchedulerTest {

    private static final long MINUTE = 60_000_000_000L;

    private final Destination a = destination(1, 4);
    private final Destination b = destination(2, 4);

    @Test
    void aDestinationAddressSticksToItsFirstChoiceWhileThatIsNotOverloaded() {
        LocalityLeastConnectionScheduler lblc = over(new LocalityLeastConnectionScheduler(), a, b);
        Flow cache = to("198.18.3.1");
        assertSame(a, lblc.schedule(cache));
        withConnections(a, 4, 100);   // more load than b, but not more active connections than its weight
        assertSame(a, lblc.schedule(cache));
        assertSame(b, lblc.schedule(to("198.18.3.2")), "a new address gets the wlc choice");
    }

    @Test
    void itMovesWhenOverActiveWeightWhileAnotherIsUnderHalfItsWeight() {
        LocalityLeastConnectionScheduler lblc = over(new LocalityLeastConnectionScheduler(), a, b);
        Flow cache = to("198.18.3.1");
        assertSame(a, lblc.schedule(cache));
        withConnections(a, 5, 0);
        withConnections(b, 2, 0);   // 2 * 2 < 4 is false: nobody is under half
        assertSame(a, lblc.schedule(cache));
        b.connectionClosed(true);   // 1 * 2 < 4
        assertSame(b, lblc.schedule(cache));
        a.connectionClosed(true);
        a.connectionClosed(true);
        assertSame(b, lblc.schedule(cache), "the new choice is remembered");
    }

    @Test
    void anUnavailableChoiceIsReplaced() {
        LocalityLeastConnectionScheduler lblc = over(new LocalityLeastConnectionScheduler(), a, b);
        Flow cache = to("198.18.3.1");
        assertSame(a, lblc.schedule(cache));
        Fixture.reweigh(a, 0);
        assertSame(b, lblc.schedule(cache));
        Fixture.reweigh(b, 0);
        assertNull(lblc.schedule(cache));
    }

    @Test
    void ipv6AddressesWithTheSameLowWordAreDifferentEntries() {
        LocalityLeastConnectionScheduler lblc = over(new LocalityLeastConnectionScheduler(), a, b);
        Flow one = Fixture.flow(Fixture.TCP, "fd00::2", 40000, "fd00:1::1", 80);
        Flow two = Fixture.flow(Fixture.TCP, "fd00::2", 40000, "fd00:2::1", 80);
        assertSame(a, lblc.schedule(one));
        a.connectionOpened(true);
        assertSame(b, lblc.schedule(two));
        b.connectionOpened(true);
        b.connectionOpened(true);
        assertSame(a, lblc.schedule(one));
        assertSame(b, lblc.schedule(two));
        assertEquals(2, lblc.remembered());
    }

    @Test
    void everyThirtiethCheckDropsEntriesOlderThanTheExpiration() {
        LocalityLeastConnectionScheduler lblc = over(new LocalityLeastConnectionScheduler(16, 8, 10 * MINUTE), a, b);
        lblc.tick(0);
        assertSame(a, lblc.schedule(to("198.18.3.1")));
        for (int check = 1; check <= 29; check++) {
            lblc.tick(check * MINUTE);
            assertEquals(1, lblc.remembered(), "after check " + check);
        }
        lblc.tick(30 * MINUTE);
        assertEquals(0, lblc.remembered());
    }

    @Test
    void overItsMaximumTheTableDropsEntriesIdleForSixMinutes() {
        LocalityLeastConnectionScheduler lblc = over(new LocalityLeastConnectionScheduler(16, 4, 1000 * MINUTE), a, b);
        lblc.tick(0);
        for (int host = 1; host <= 10; host++) {
            lblc.schedule(to("198.18.3." + host));
        }
        lblc.tick(MINUTE);
        assertEquals(10, lblc.remembered(), "none idle for 6 minutes yet");
        lblc.tick(5 * MINUTE);
        Destination kept = lblc.schedule(to("198.18.3.7"));
        lblc.tick(6 * MINUTE);
        assertEquals(8, lblc.remembered(), "goal: min((10 - 4) * 4 / 3, 4 / 2)");
        for (int m = 7; m <= 10; m++) {
            lblc.tick(m * MINUTE);
        }
        assertEquals(4, lblc.remembered(), "collected down to the maximum");
        withConnections(kept, 0, 1000);   // would no longer be the wlc choice
        assertSame(kept, lblc.schedule(to("198.18.3.7")), "the recently used entry survived");
    }

    @Test
    void aFullTableStillSchedulesWithoutRemembering() {
        LocalityLeastConnectionScheduler lblc = over(new LocalityLeastConnectionScheduler(2, 2, 10 * MINUTE), a, b);
        assertSame(a, lblc.schedule(to("198.18.3.1")));
        assertSame(a, lblc.schedule(to("198.18.3.2")));
        a.connectionOpened(true);
        assertSame(b, lblc.schedule(to("198.18.3.3")));
        assertEquals(2, lblc.remembered());
        b.connectionOpened(true);
        b.connectionOpened(true);
        assertSame(a, lblc.schedule(to("198.18.3.3")), "not remembered: wlc again");
    }
}
