package io.vigil.dataplane.forward.schedule;

import static io.vigil.dataplane.forward.schedule.Fixture.destination;
import static io.vigil.dataplane.forward.schedule.Fixture.from;
import static io.vigil.dataplane.forward.schedule.Fixture.over;
import static io.vigil.dataplane.forward.schedule.Fixture.picks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vigil.dataplane.forward.Destination;
import io.vigil.dataplane.forward.Flow;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoundRobinSchedulerTest {

    private final Flow flow = from("198.18.2.1", 40000);
    private final Destination a = destination(1, 1);
    private final Destination b = destination(2, 5);
    private final Destination c = destination(3, 1);
    private final Destination d = destination(4, 1);

    @Test
    void cyclesInListOrderWhateverTheWeights() {
        RoundRobinScheduler rr = over(new RoundRobinScheduler(), a, b, c);
        assertEquals(List.of(a, b, c, a, b, c, a), picks(rr, flow, 7));
    }

    @Test
    void skipsQuiescedOverloadedAndRemoved() {
        Destination overloaded = Fixture.withConnections(destination("198.18.1.9", 80, 1, 1), 1, 0);
        Fixture.reweigh(b, 0);
        c.markRemoved();
        RoundRobinScheduler rr = over(new RoundRobinScheduler(), a, b, overloaded, c, d);
        assertEquals(List.of(a, d, a, d), picks(rr, flow, 4));
    }

    @Test
    void anAddedDestinationJoinsAfterTheLastPick() {
        RoundRobinScheduler rr = over(new RoundRobinScheduler(), a, b, c);
        assertEquals(List.of(a, b), picks(rr, flow, 2));
        rr.destinationsChanged(List.of(a, b, c, d));
        assertEquals(List.of(c, d, a, b), picks(rr, flow, 4));
    }

    @Test
    void removingTheLastPickContinuesFromTheOneBeforeIt() {
        RoundRobinScheduler rr = over(new RoundRobinScheduler(), a, b, c, d);
        assertEquals(List.of(a, b), picks(rr, flow, 2));
        rr.destinationsChanged(List.of(a, c, d));
        assertEquals(List.of(c, d, a), picks(rr, flow, 3));
    }

    @Test
    void removingTheFirstWhenItWasPickedLastRestartsAtTheHead() {
        RoundRobinScheduler rr = over(new RoundRobinScheduler(), a, b, c);
        assertEquals(a, rr.schedule(flow));
        rr.destinationsChanged(List.of(b, c));
        assertEquals(List.of(b, c, b), picks(rr, flow, 3));
    }

    @Test
    void nothingAvailableIsNull() {
        assertNull(new RoundRobinScheduler().schedule(flow));
        Fixture.reweigh(a, 0);
        assertNull(over(new RoundRobinScheduler(), a).schedule(flow));
    }
}
