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
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalityReplicatedSchedulerTest {

    private static final long MINUTE = 60_000_000_000L;

    private final Destination a = destination(1, 4);
    private final Destination b = destination(2, 4);
    private final Destination c = destination(3, 4);
    private final Flow cache = to("198.18.3.1");

    /** a busy past its weight while c is under half its own: the set for {@link #cache} is {b, a}. */
    private LocalityReplicatedScheduler replicatedOnce(LocalityReplicatedScheduler lblcr) {
        lblcr.tick(0);
        assertSame(a, lblcr.schedule(cache));
        withConnections(a, 5, 0);
        withConnections(c, 1, 0);
        assertSame(b, lblcr.schedule(cache));
        assertEquals(List.of(b, a), lblcr.set(lblcr.slotOf(cache)));
        return lblcr;
    }

    @Test
    void theFirstFlowToAnAddressStartsItsSetWithTheWlcChoice() {
        LocalityReplicatedScheduler lblcr = over(new LocalityReplicatedScheduler(), a, b, c);
        withConnections(a, 1, 0);
        assertSame(b, lblcr.schedule(cache));
        assertEquals(List.of(b), lblcr.set(lblcr.slotOf(cache)));
        withConnections(b, 3, 0);
        assertSame(b, lblcr.schedule(cache), "the set's only member, not overloaded");
    }

    @Test
    void anOverloadedChoiceMakesTheWlcChoiceJoinTheSet() {
        LocalityReplicatedScheduler lblcr = replicatedOnce(over(new LocalityReplicatedScheduler(), a, b, c));
        withConnections(b, 1, 0);
        assertSame(b, lblcr.schedule(cache), "least loaded member");
        withConnections(b, 1, 0);
        a.connectionClosed(true);
        a.connectionClosed(true);
        a.connectionClosed(true);
        assertSame(b, lblcr.schedule(cache), "a and b with 2 active each: the newest member wins the tie");
        a.connectionClosed(true);
        assertSame(a, lblcr.schedule(cache), "a (1 active) is now the least loaded member");
        assertEquals(List.of(b, a), lblcr.set(lblcr.slotOf(cache)));
    }

    @Test
    void aSetUnchangedForTheExpirationLosesItsMostLoadedMember() {
        LocalityReplicatedScheduler lblcr = replicatedOnce(over(new LocalityReplicatedScheduler(64, 32, 10 * MINUTE),
                a, b, c));
        lblcr.tick(10 * MINUTE);
        lblcr.schedule(cache);
        assertEquals(List.of(b, a), lblcr.set(lblcr.slotOf(cache)), "not yet past the expiration");
        lblcr.tick(10 * MINUTE + 1);
        assertSame(b, lblcr.schedule(cache));
        assertEquals(List.of(b), lblcr.set(lblcr.slotOf(cache)), "a, the busiest, left");
    }

    @Test
    void aRemovedDestinationLeavesEverySet() {
        LocalityReplicatedScheduler lblcr = replicatedOnce(over(new LocalityReplicatedScheduler(), a, b, c));
        b.markRemoved();
        lblcr.destinationsChanged(List.of(a, c));
        assertEquals(List.of(a), lblcr.set(lblcr.slotOf(cache)));
        assertSame(c, lblcr.schedule(cache), "a is still overloaded: c joins");
        assertEquals(List.of(c, a), lblcr.set(lblcr.slotOf(cache)));
    }

    @Test
    void setsGrowWhenDestinationsAreAdded() {
        LocalityReplicatedScheduler lblcr = over(new LocalityReplicatedScheduler(8, 4, 10 * MINUTE), a);
        assertSame(a, lblcr.schedule(cache));
        withConnections(a, 5, 0);
        Destination idle = destination(4, 8);
        lblcr.destinationsChanged(List.of(a, idle));
        assertSame(idle, lblcr.schedule(cache));
        assertEquals(List.of(idle, a), lblcr.set(lblcr.slotOf(cache)));
    }

    @Test
    void entriesExpireWithTheirSets() {
        LocalityReplicatedScheduler lblcr = replicatedOnce(over(new LocalityReplicatedScheduler(8, 4, 10 * MINUTE),
                a, b, c));
        for (int check = 1; check <= 30; check++) {
            lblcr.tick(check * MINUTE);
        }
        assertEquals(-1, lblcr.slotOf(cache));
        withConnections(b, 9, 0);
        assertSame(c, lblcr.schedule(cache), "a fresh set with the wlc choice");
        assertEquals(List.of(c), lblcr.set(lblcr.slotOf(cache)));
    }

    @Test
    void nothingAvailableIsNull() {
        LocalityReplicatedScheduler lblcr = over(new LocalityReplicatedScheduler(), a);
        Fixture.reweigh(a, 0);
        assertNull(lblcr.schedule(cache));
        Fixture.reweigh(a, 4);
        assertSame(a, lblcr.schedule(cache));
        a.markRemoved();
        assertNull(lblcr.schedule(cache));
    }
}
