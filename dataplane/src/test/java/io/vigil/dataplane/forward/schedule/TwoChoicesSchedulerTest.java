package io.vigil.dataplane.forward.schedule;

import static io.vigil.dataplane.forward.schedule.Fixture.destination;
import static io.vigil.dataplane.forward.schedule.Fixture.from;
import static io.vigil.dataplane.forward.schedule.Fixture.over;
import static io.vigil.dataplane.forward.schedule.Fixture.picks;
import static io.vigil.dataplane.forward.schedule.Fixture.withConnections;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.forward.Destination;
import io.vigil.dataplane.forward.Flow;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TwoChoicesSchedulerTest {

    private static final int DRAWS = 40_000;
    private final Flow flow = from("198.18.2.1", 40000);

    @Test
    void theSameSeedDrawsTheSameSequence() {
        Destination a = destination(1, 1);
        Destination b = destination(2, 2);
        Destination c = destination(3, 3);
        List<Destination> first = picks(over(new TwoChoicesScheduler(new SplittableRandom(7)), a, b, c), flow, 200);
        List<Destination> again = picks(over(new TwoChoicesScheduler(new SplittableRandom(7)), a, b, c), flow, 200);
        List<Destination> other = picks(over(new TwoChoicesScheduler(new SplittableRandom(8)), a, b, c), flow, 200);
        assertEquals(first, again);
        assertNotEquals(first, other);
    }

    @Test
    void withEqualLoadTheFirstDrawWinsInProportionToWeightPlusOne() {
        Destination a = destination(1, 3);
        Destination b = destination(2, 1);
        List<Destination> picked = picks(over(new TwoChoicesScheduler(new SplittableRandom(1)), a, b), flow, DRAWS);
        // draws are uniform over 0..4: 0..3 land on a, 4 on b
        double shareOfA = Collections.frequency(picked, a) / (double) DRAWS;
        assertTrue(Math.abs(shareOfA - 0.8) < 0.015, "share of a " + shareOfA);
    }

    @Test
    void theLessLoadedOfTheTwoDrawsWins() {
        Destination busy = withConnections(destination(1, 1), 10, 0);
        Destination idle = destination(2, 1);
        List<Destination> picked = picks(over(new TwoChoicesScheduler(new SplittableRandom(2)), busy, idle), flow, DRAWS);
        // each draw lands on busy with probability 2/3; busy wins only when both do: 4/9
        double shareOfBusy = Collections.frequency(picked, busy) / (double) DRAWS;
        assertTrue(Math.abs(shareOfBusy - 4.0 / 9) < 0.015, "share of busy " + shareOfBusy);
    }

    @Test
    void onlyAvailableDestinationsAreDrawn() {
        Destination quiesced = destination(1, 0);
        Destination overloaded = withConnections(destination("198.18.1.2", 80, 5, 1), 1, 0);
        Destination only = destination(3, 1);
        TwoChoicesScheduler twos = over(new TwoChoicesScheduler(new SplittableRandom(3)), quiesced, overloaded, only);
        assertEquals(Collections.nCopies(50, only), picks(twos, flow, 50));
        only.markRemoved();
        assertNull(twos.schedule(flow));
    }
}
