package io.vigil.dataplane.forward.schedule;

import static io.vigil.dataplane.forward.schedule.Fixture.destination;
import static io.vigil.dataplane.forward.schedule.Fixture.from;
import static io.vigil.dataplane.forward.schedule.Fixture.over;
import static io.vigil.dataplane.forward.schedule.Fixture.withConnections;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vigil.dataplane.forward.Destination;
import io.vigil.dataplane.forward.Flow;
import org.junit.jupiter.api.Test;

/** lc, wlc, sed and nq: picks from set connection counts. */
class ConnectionCountSchedulersTest {

    private final Flow flow = from("198.18.2.1", 40000);

    @Test
    void lcCountsAnActiveConnectionAs256Inactive() {
        Destination a = withConnections(destination(1, 1), 2, 0);    // 512
        Destination b = withConnections(destination(2, 1), 1, 300);  // 556
        Destination c = withConnections(destination(3, 1), 1, 257);  // 513
        assertSame(a, over(new LeastConnectionScheduler(), a, b, c).schedule(flow));
        Destination d = withConnections(destination(4, 1), 1, 255);  // 511
        assertSame(d, over(new LeastConnectionScheduler(), a, b, c, d).schedule(flow));
    }

    @Test
    void lcIgnoresWeightsButQuiescingAndTakesTheFirstOfEquals() {
        Destination heavy = withConnections(destination(1, 100), 1, 0);
        Destination light = withConnections(destination(2, 1), 0, 3);
        Destination quiesced = destination(3, 0);
        Destination same = withConnections(destination(4, 1), 0, 3);
        assertSame(light, over(new LeastConnectionScheduler(), quiesced, heavy, light, same).schedule(flow));
    }

    @Test
    void wlcComparesOverheadTimesTheOthersWeight() {
        Destination a = withConnections(destination(1, 1), 1, 0);   // 256 / 1
        Destination b = withConnections(destination(2, 3), 2, 0);   // 512 / 3
        assertSame(b, over(new WeightedLeastConnectionScheduler(), a, b).schedule(flow));
        Destination c = withConnections(destination(3, 2), 1, 0);   // 256 / 2 = 128 < 170.7
        assertSame(c, over(new WeightedLeastConnectionScheduler(), a, b, c).schedule(flow));
    }

    @Test
    void wlcTakesTheFirstOfEqualsAndSkipsQuiescedAndOverloaded() {
        Destination quiesced = destination(1, 0);
        Destination overloaded = destination("198.18.1.2", 80, 5, 2);
        withConnections(overloaded, 0, 2);
        Destination first = withConnections(destination(3, 2), 1, 0);   // 256 / 2
        Destination second = withConnections(destination(4, 4), 2, 0);  // 512 / 4
        WeightedLeastConnectionScheduler wlc = over(new WeightedLeastConnectionScheduler(), quiesced, overloaded,
                first, second);
        assertSame(first, wlc.schedule(flow));
    }

    @Test
    void wlcWithNothingAvailableIsNull() {
        assertNull(over(new WeightedLeastConnectionScheduler(), destination(1, 0)).schedule(flow));
        assertNull(new WeightedLeastConnectionScheduler().schedule(flow));
    }

    @Test
    void sedMinimisesActivePlusOneOverWeightIgnoringInactive() {
        Destination a = withConnections(destination(1, 1), 0, 50);   // (0 + 1) / 1
        Destination b = withConnections(destination(2, 3), 2, 0);    // (2 + 1) / 3: equal, a is first
        assertSame(a, over(new ShortestExpectedDelayScheduler(), a, b).schedule(flow));
        Destination c = withConnections(destination(3, 3), 1, 0);    // (1 + 1) / 3
        assertSame(c, over(new ShortestExpectedDelayScheduler(), a, b, c).schedule(flow));
    }

    @Test
    void nqTakesAnIdleDestinationBeforeABetterExpectedDelay() {
        Destination busy = withConnections(destination(1, 10), 1, 0);   // (1 + 1) / 10
        Destination idle = withConnections(destination(2, 1), 0, 9);    // idle: no active connection
        assertSame(busy, over(new ShortestExpectedDelayScheduler(), busy, idle).schedule(flow));
        assertSame(idle, over(new NeverQueueScheduler(), busy, idle).schedule(flow));
    }

    @Test
    void nqWithEveryoneBusyFallsBackToShortestExpectedDelay() {
        Destination a = withConnections(destination(1, 1), 1, 0);   // 2 / 1
        Destination b = withConnections(destination(2, 4), 3, 0);   // 4 / 4
        Destination quiescedIdle = destination(3, 0);
        assertSame(b, over(new NeverQueueScheduler(), quiescedIdle, a, b).schedule(flow));
        assertNull(over(new NeverQueueScheduler(), quiescedIdle).schedule(flow));
    }

    @Test
    void theCountsComeFromTheDestination() {
        Destination a = destination(1, 1);
        Destination b = destination(2, 1);
        LeastConnectionScheduler lc = over(new LeastConnectionScheduler(), a, b);
        assertSame(a, lc.schedule(flow));
        a.connectionOpened(true);
        assertSame(b, lc.schedule(flow));
        b.connectionOpened(true);
        b.connectionOpened(false);
        assertSame(a, lc.schedule(flow));
        assertEquals(257, b.overhead());
    }
}
