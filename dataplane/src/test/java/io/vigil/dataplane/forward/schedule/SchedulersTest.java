package io.vigil.dataplane.forward.schedule;

import static io.vigil.dataplane.forward.schedule.Fixture.destination;
import static io.vigil.dataplane.forward.schedule.Fixture.from;
import static io.vigil.dataplane.forward.schedule.Fixture.picks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vigil.dataplane.api.Protocol;
import io.vigil.dataplane.api.Scheduler;
import io.vigil.dataplane.api.SchedulerFlag;
import io.vigil.dataplane.api.Service;
import io.vigil.dataplane.api.ServiceKey;
import io.vigil.dataplane.forward.Destination;
import io.vigil.dataplane.forward.Flow;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchedulersTest {

    private static final ServiceKey KEY = ServiceKey.of(Protocol.TCP, Fixture.address("198.18.0.100"), 80);

    private static Service service(Scheduler scheduler, SchedulerFlag... flags) {
        return new Service(KEY, scheduler, Set.of(flags), 0, 32);
    }

    @Test
    void eachSchedulerNameMakesItsClass() {
        Map<Scheduler, Class<?>> expected = Map.ofEntries(
                Map.entry(Scheduler.RR, RoundRobinScheduler.class),
                Map.entry(Scheduler.WRR, WeightedRoundRobinScheduler.class),
                Map.entry(Scheduler.LC, LeastConnectionScheduler.class),
                Map.entry(Scheduler.WLC, WeightedLeastConnectionScheduler.class),
                Map.entry(Scheduler.LBLC, LocalityLeastConnectionScheduler.class),
                Map.entry(Scheduler.LBLCR, LocalityReplicatedScheduler.class),
                Map.entry(Scheduler.DH, DestinationHashScheduler.class),
                Map.entry(Scheduler.SH, SourceHashScheduler.class),
                Map.entry(Scheduler.SED, ShortestExpectedDelayScheduler.class),
                Map.entry(Scheduler.NQ, NeverQueueScheduler.class),
                Map.entry(Scheduler.FO, WeightedFailoverScheduler.class),
                Map.entry(Scheduler.OVF, WeightedOverflowScheduler.class),
                Map.entry(Scheduler.MH, MaglevScheduler.class),
                Map.entry(Scheduler.TWOS, TwoChoicesScheduler.class));
        assertEquals(Scheduler.values().length, expected.size());
        for (Scheduler s : Scheduler.values()) {
            assertInstanceOf(expected.get(s), Schedulers.create(service(s)), s.ipvsName());
        }
    }

    @Test
    void flag2HashesThePortForShAndMh() {
        for (Scheduler s : List.of(Scheduler.SH, Scheduler.MH)) {
            assertEquals(1, destinationsOfOneClient(Schedulers.create(service(s))), s.ipvsName());
            assertEquals(4, destinationsOfOneClient(Schedulers.create(service(s, SchedulerFlag.FLAG_2))), s.ipvsName());
        }
    }

    @Test
    void flag1FallsBackForShAndMh() {
        for (Scheduler s : List.of(Scheduler.SH, Scheduler.MH)) {
            assertNull(afterQuiescingTheChoice(Schedulers.create(service(s))), s.ipvsName());
            assertNotNull(afterQuiescingTheChoice(Schedulers.create(service(s, SchedulerFlag.FLAG_1))), s.ipvsName());
        }
    }

    @Test
    void twosDrawsTheSameForTheSameService() {
        Destination[] ds = {destination(1, 1), destination(2, 2), destination(3, 3)};
        DestinationScheduler one = Fixture.over(Schedulers.create(service(Scheduler.TWOS)), ds);
        DestinationScheduler other = Fixture.over(Schedulers.create(service(Scheduler.TWOS)), ds);
        Flow f = from("198.18.2.1", 1);
        assertEquals(picks(one, f, 100), picks(other, f, 100));
    }

    private static int destinationsOfOneClient(DestinationScheduler scheduler) {
        Fixture.over(scheduler, destination(1, 1), destination(2, 1), destination(3, 1), destination(4, 1));
        Set<Destination> seen = new HashSet<>();
        for (int port = 1024; port < 1324; port++) {
            seen.add(scheduler.schedule(from("198.18.2.1", port)));
        }
        return seen.size();
    }

    private static Destination afterQuiescingTheChoice(DestinationScheduler scheduler) {
        Fixture.over(scheduler, destination(1, 1), destination(2, 1), destination(3, 1));
        Flow f = from("198.18.2.1", 1);
        Fixture.reweigh(scheduler.schedule(f), 0);
        return scheduler.schedule(f);
    }
}
