package io.vigil.dataplane.forward.schedule;

import static io.vigil.dataplane.forward.schedule.Fixture.destination;
import static io.vigil.dataplane.forward.schedule.Fixture.from;
import static io.vigil.dataplane.forward.schedule.Fixture.over;
import static io.vigil.dataplane.forward.schedule.Fixture.withConnections;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vigil.dataplane.forward.Destination;
import io.vigil.dataplane.forward.Flow;
import org.junit.jupiter.api.Test;

/** fo and ovf: the heaviest available destination first. */
class WeightOrderSchedulersTest {

    private final Flow flow = from("198.18.2.1", 40000);

    @Test
    void foTakesTheHeaviestWhateverItsLoad() {
        Destination light = destination(1, 1);
        Destination heavy = withConnections(destination(2, 5), 1000, 0);
        Destination heavyToo = destination(3, 5);
        assertSame(heavy, over(new WeightedFailoverScheduler(), light, heavy, heavyToo).schedule(flow));
    }

    @Test
    void foFailsOverToTheNextWeight() {
        Destination light = destination(1, 1);
        Destination heavy = destination("198.18.1.2", 80, 5, 10);
        Destination middle = destination(3, 3);
        WeightedFailoverScheduler fo = over(new WeightedFailoverScheduler(), light, heavy, middle);
        withConnections(heavy, 10, 0);
        assertSame(middle, fo.schedule(flow));
        middle.markRemoved();
        assertSame(light, fo.schedule(flow));
        Fixture.reweigh(light, 0);
        assertNull(fo.schedule(flow));
    }

    @Test
    void ovfOverflowsOnceActiveConnectionsExceedTheWeight() {
        Destination heavy = destination(1, 2);
        Destination light = destination(2, 1);
        WeightedOverflowScheduler ovf = over(new WeightedOverflowScheduler(), light, heavy);
        assertSame(heavy, ovf.schedule(flow));
        heavy.connectionOpened(true);
        heavy.connectionOpened(true);
        assertSame(heavy, ovf.schedule(flow));   // 2 active, not more than its weight
        heavy.connectionOpened(true);
        assertSame(light, ovf.schedule(flow));
        heavy.connectionOpened(false);
        light.connectionOpened(true);
        light.connectionOpened(true);
        assertNull(ovf.schedule(flow));
    }

    @Test
    void ovfCountsOnlyActiveConnectionsAndTakesTheFirstOfEquals() {
        Destination first = withConnections(destination(1, 2), 0, 500);
        Destination second = destination(2, 2);
        assertSame(first, over(new WeightedOverflowScheduler(), first, second).schedule(flow));
    }
}
