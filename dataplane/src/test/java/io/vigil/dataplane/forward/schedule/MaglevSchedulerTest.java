package io.vigil.dataplane.forward.schedule;

import static io.vigil.dataplane.forward.schedule.Fixture.destination;
import static io.vigil.dataplane.forward.schedule.Fixture.from;
import static io.vigil.dataplane.forward.schedule.Fixture.fromNumber;
import static io.vigil.dataplane.forward.schedule.Fixture.over;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.forward.Destination;
import io.vigil.dataplane.forward.Flow;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MaglevSchedulerTest {

    private static final int CLIENTS = 10_000;

    private static Destination[] four() {
        return new Destination[] {destination(1, 1), destination(2, 1), destination(3, 1), destination(4, 1)};
    }

    private static List<Flow> randomClients(long seed) {
        Random random = new Random(seed);
        List<Flow> flows = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            flows.add(fromNumber(random.nextInt(), 1024 + random.nextInt(60000)));
        }
        return flows;
    }

    private static Map<Destination, Integer> entriesPerDestination(MaglevScheduler mh) {
        Map<Destination, Integer> counts = new IdentityHashMap<>();
        for (int i = 0; i < mh.tableSize(); i++) {
            counts.merge(mh.entryAt(i), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void theTableIsPrimeSizedAndFull() {
        MaglevScheduler mh = over(new MaglevScheduler(false, false), four());
        assertEquals(65537, mh.tableSize());
        for (int i = 0; i < mh.tableSize(); i++) {
            assertNotNull(mh.entryAt(i), "entry " + i);
        }
        assertThrows(IllegalArgumentException.class, () -> new MaglevScheduler(65536, false, false));
    }

    @Test
    void equalWeightsGetTheFloorOrCeilingOfAnEqualShare() {
        Map<Destination, Integer> counts = entriesPerDestination(over(new MaglevScheduler(false, false), four()));
        assertEquals(4, counts.size());
        for (int n : counts.values()) {
            assertTrue(n == 65537 / 4 || n == 65537 / 4 + 1, "entries " + n);
        }
    }

    @Test
    void weightsAreTurnsPerRoundReducedByTheirGcd() {
        Destination heavy = destination(1, 30);
        Destination light = destination(2, 10);
        Map<Destination, Integer> counts = entriesPerDestination(over(new MaglevScheduler(false, false), heavy, light));
        // turns 3 and 1 per round: three quarters of the entries, give or take the last round
        assertTrue(Math.abs(counts.get(heavy) - 65537 * 3 / 4) <= 3, "heavy entries " + counts.get(heavy));
    }

    @Test
    void directorsBuildTheSameTableFromTheSameDestinations() {
        MaglevScheduler one = over(new MaglevScheduler(false, false), four());
        MaglevScheduler other = over(new MaglevScheduler(false, false), four());   // other Destination objects
        for (int i = 0; i < one.tableSize(); i++) {
            assertEquals(one.entryAt(i).config(), other.entryAt(i).config(), "entry " + i);
        }
        for (Flow f : randomClients(5)) {
            assertEquals(one.schedule(f).config(), other.schedule(f).config());
        }
    }

    @Test
    void removingOneOfFourMovesItsQuarterAndLittleElse() {
        Destination[] ds = four();
        MaglevScheduler mh = over(new MaglevScheduler(false, false), ds);
        List<Flow> clients = randomClients(42);
        List<Destination> before = new ArrayList<>();
        for (Flow f : clients) {
            before.add(mh.schedule(f));
        }
        Destination gone = ds[2];
        ds[2].markRemoved();
        mh.destinationsChanged(List.of(ds[0], ds[1], ds[3]));
        int moved = 0;
        int movedFromSurvivors = 0;
        for (int i = 0; i < CLIENTS; i++) {
            Destination now = mh.schedule(clients.get(i));
            assertNotSame(gone, now);
            if (now != before.get(i)) {
                moved++;
                if (before.get(i) != gone) {
                    movedFromSurvivors++;
                }
            }
        }
        double fraction = moved / (double) CLIENTS;
        assertTrue(fraction > 0.2 && fraction < 0.32, "moved " + fraction);
        // Maglev is not perfectly minimal (NSDI 2016 §3.4): a few survivors' entries change hands too.
        assertTrue(movedFromSurvivors < CLIENTS * 0.01, "moved between survivors " + movedFromSurvivors);
    }

    @Test
    void quiescingKeepsTheTableSoOnlyTheQuiescedFlowsMoveWithFallback() {
        Destination[] ds = four();
        MaglevScheduler strict = over(new MaglevScheduler(false, false), ds);
        MaglevScheduler fallback = over(new MaglevScheduler(false, true), ds);
        List<Flow> clients = randomClients(9);
        List<Destination> before = new ArrayList<>();
        for (Flow f : clients) {
            before.add(fallback.schedule(f));
        }
        Fixture.reweigh(ds[1], 0);
        strict.destinationsChanged(List.of(ds));
        fallback.destinationsChanged(List.of(ds));
        for (int i = 0; i < CLIENTS; i++) {
            Flow f = clients.get(i);
            if (before.get(i) == ds[1]) {
                assertNull(strict.schedule(f));
                Destination elsewhere = fallback.schedule(f);
                assertNotNull(elsewhere);
                assertNotSame(ds[1], elsewhere);
            } else {
                assertSame(before.get(i), strict.schedule(f));
                assertSame(before.get(i), fallback.schedule(f));
            }
        }
    }

    @Test
    void aClientSticksWhateverItsPortUnlessMhPort() {
        Destination[] ds = four();
        MaglevScheduler sticky = over(new MaglevScheduler(false, false), ds);
        MaglevScheduler byPort = over(new MaglevScheduler(true, false), ds);
        Set<Destination> stickyPicks = new HashSet<>();
        Set<Destination> portPicks = new HashSet<>();
        for (int port = 1024; port < 1124; port++) {
            stickyPicks.add(sticky.schedule(from("198.18.2.1", port)));
            portPicks.add(byPort.schedule(from("198.18.2.1", port)));
        }
        assertEquals(1, stickyPicks.size());
        assertEquals(4, portPicks.size());
    }

    @Test
    void noDestinationsOrAllQuiescedIsNull() {
        MaglevScheduler mh = new MaglevScheduler(4093, false, true);
        Flow f = from("198.18.2.1", 1);
        assertNull(mh.schedule(f));
        Destination[] ds = four();
        mh.destinationsChanged(List.of(ds));
        assertNotNull(mh.schedule(f));
        for (Destination d : ds) {
            Fixture.reweigh(d, 0);
        }
        mh.destinationsChanged(List.of(ds));
        assertNull(mh.schedule(f));
        mh.destinationsChanged(List.of());
        assertNull(mh.schedule(f));
    }

    @Test
    void tablesFromTheSamePoolInAnyOrderAreIdentical() {
        // Mixed weights and one quiesced (weight 0 after 2: it keeps its entries), as two directors may hold them
        // after their health checks brought the real servers up in different orders.
        Destination[] ds = {destination(1, 3), destination(2, 1), destination(3, 2), destination(4, 1),
            destination("198.18.1.2", 8080, 1, 0)};
        Fixture.reweigh(ds[3], 2);
        Fixture.reweigh(ds[3], 0);
        MaglevScheduler one = over(new MaglevScheduler(false, false), ds);
        List<Destination> shuffled = new ArrayList<>();
        for (Destination d : ds) {
            Destination copy = destination(d.config().address().getAddress().getHostAddress(), d.port(), 2, 0);
            Fixture.reweigh(copy, d.weight());
            shuffled.add(copy);
        }
        java.util.Collections.shuffle(shuffled, new Random(7));
        for (List<Destination> order : List.of(shuffled, List.of(ds).reversed())) {
            MaglevScheduler other = new MaglevScheduler(false, false);
            other.destinationsChanged(order);
            for (int i = 0; i < one.tableSize(); i++) {
                assertEquals(one.entryAt(i).config().address(), other.entryAt(i).config().address(), "entry " + i);
            }
        }
    }
}
