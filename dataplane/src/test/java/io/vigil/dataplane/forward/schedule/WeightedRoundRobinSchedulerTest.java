package io.vigil.dataplane.forward.schedule;

import static io.vigil.dataplane.forward.schedule.Fixture.destination;
import static io.vigil.dataplane.forward.schedule.Fixture.from;
import static io.vigil.dataplane.forward.schedule.Fixture.over;
import static io.vigil.dataplane.forward.schedule.Fixture.picks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vigil.dataplane.forward.Destination;
import io.vigil.dataplane.forward.Flow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class WeightedRoundRobinSchedulerTest {

    private final Flow flow = from("198.18.2.1", 40000);

    @Test
    void weights3to1to1GiveAAABCEveryCycle() {
        Destination a = destination(1, 3);
        Destination b = destination(2, 1);
        Destination c = destination(3, 1);
        WeightedRoundRobinScheduler wrr = over(new WeightedRoundRobinScheduler(), a, b, c);
        List<Destination> cycle = List.of(a, a, a, b, c);
        List<Destination> threeCycles = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            threeCycles.addAll(cycle);
        }
        assertEquals(threeCycles, picks(wrr, flow, 15));
    }

    @Test
    void passesLowerTheThresholdOneWeightAtATime() {
        Destination a = destination(1, 4);
        Destination b = destination(2, 3);
        Destination c = destination(3, 2);
        WeightedRoundRobinScheduler wrr = over(new WeightedRoundRobinScheduler(), a, b, c);
        // cw = 4: a; cw = 3: a b; cw = 2: a b c; cw = 1: a b c
        assertEquals(List.of(a, a, b, a, b, c, a, b, c, a), picks(wrr, flow, 10));
    }

    @Test
    void stepsByTheGreatestCommonDivisor() {
        Destination a = destination(1, 4);
        Destination b = destination(2, 2);
        WeightedRoundRobinScheduler wrr = over(new WeightedRoundRobinScheduler(), a, b);
        // gcd 2, max 4: the passes are at cw = 3 (a) and cw = 1 (a b)
        assertEquals(List.of(a, a, b, a, a, b), picks(wrr, flow, 6));
    }

    @Test
    void anUnavailableDestinationIsPassedOver() {
        Destination a = Fixture.withConnections(destination("198.18.1.1", 80, 3, 1), 1, 0);
        Destination b = destination(2, 1);
        Destination c = destination(3, 1);
        WeightedRoundRobinScheduler wrr = over(new WeightedRoundRobinScheduler(), a, b, c);
        assertEquals(List.of(b, c, b, c), picks(wrr, flow, 4));
    }

    @Test
    void allQuiescedOrNoneIsNull() {
        assertNull(new WeightedRoundRobinScheduler().schedule(flow));
        assertNull(over(new WeightedRoundRobinScheduler(), destination(1, 0), destination(2, 0)).schedule(flow));
        Destination overloaded = Fixture.withConnections(destination("198.18.1.3", 80, 2, 1), 1, 0);
        assertNull(over(new WeightedRoundRobinScheduler(), overloaded).schedule(flow));
    }

    @Property(tries = 200)
    void everyCycleGivesEachItsWeightOverTheGcd(@ForAll @Size(min = 1, max = 6) List<@IntRange(min = 1, max = 12) Integer> weights) {
        Destination[] ds = new Destination[weights.size()];
        int gcd = 0;
        int cycle = 0;
        for (int i = 0; i < ds.length; i++) {
            ds[i] = destination(i + 1, weights.get(i));
            gcd = WeightedRoundRobinScheduler.gcd(weights.get(i), gcd);
        }
        for (int w : weights) {
            cycle += w / gcd;
        }
        WeightedRoundRobinScheduler wrr = over(new WeightedRoundRobinScheduler(), ds);
        for (int round = 0; round < 2; round++) {
            List<Destination> picked = picks(wrr, flow, cycle);
            for (int i = 0; i < ds.length; i++) {
                assertEquals(weights.get(i) / gcd, Collections.frequency(picked, ds[i]), "destination " + i);
            }
        }
    }
}
