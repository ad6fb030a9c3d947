package io.vigil.dataplane.forward.schedule;

import static io.vigil.dataplane.forward.schedule.Fixture.destination;
import static io.vigil.dataplane.forward.schedule.Fixture.from;
import static io.vigil.dataplane.forward.schedule.Fixture.over;
import static io.vigil.dataplane.forward.schedule.Fixture.to;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.forward.Destination;
import io.vigil.dataplane.forward.Flow;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** sh and dh: IPVS's static 256-bucket tables. */
class HashTableSchedulersTest {

    private final Destination a = destination(1, 2);
    private final Destination b = destination(2, 1);
    private final Destination c = destination(3, 1);

    @Test
    void shFillsBucketsByWeightInListOrder() {
        BucketTable table = new BucketTable();
        table.fill(List.of(a, b, c), true);
        List<Destination> expected = List.of(a, a, b, c, a, a, b, c);
        for (int i = 0; i < expected.size(); i++) {
            assertSame(expected.get(i), table.get(i), "bucket " + i);
        }
        assertSame(c, table.get(255));   // 256 = 64 cycles of 4
    }

    @Test
    void dhFillsOneBucketEachWhateverTheWeight() {
        BucketTable table = new BucketTable();
        table.fill(List.of(a, b, c), false);
        List<Destination> expected = List.of(a, b, c, a, b, c);
        for (int i = 0; i < expected.size(); i++) {
            assertSame(expected.get(i), table.get(i), "bucket " + i);
        }
        table.fill(List.of(), false);
        assertNull(table.get(0));
    }

    @Test
    void shSendsAClientWhereItsHashedBucketPoints() {
        SourceHashScheduler sh = over(new SourceHashScheduler(false, false), a, b, c);
        BucketTable table = new BucketTable();
        table.fill(List.of(a, b, c), true);
        for (int host = 1; host < 200; host++) {
            int address = 0xC6120200 | host;   // 198.18.2.host
            Destination expected = table.get(AddressHash.hash32(address, 8));
            assertSame(expected, sh.schedule(from("198.18.2." + host, 1000 + host)), "client " + host);
        }
    }

    @Test
    void shKeepsAClientOnOneDestinationWhateverItsPortUnlessShPort() {
        Destination[] many = new Destination[8];
        for (int i = 0; i < many.length; i++) {
            many[i] = destination(10 + i, 1);
        }
        SourceHashScheduler sticky = over(new SourceHashScheduler(false, false), many);
        SourceHashScheduler byPort = over(new SourceHashScheduler(true, false), many);
        Set<Destination> stickyPicks = new HashSet<>();
        Set<Destination> portPicks = new HashSet<>();
        for (int port = 1024; port < 1124; port++) {
            stickyPicks.add(sticky.schedule(from("198.18.2.1", port)));
            portPicks.add(byPort.schedule(from("198.18.2.1", port)));
        }
        assertEquals(1, stickyPicks.size());
        assertTrue(portPicks.size() >= 6, "sh-port spread one client over " + portPicks.size());
    }

    @Test
    void shSharesClientsByWeight() {
        Destination heavy = destination(1, 3);
        Destination light = destination(2, 1);
        SourceHashScheduler sh = over(new SourceHashScheduler(false, false), heavy, light);
        Random random = new Random(11);
        int heavyCount = 0;
        for (int i = 0; i < 20_000; i++) {
            if (sh.schedule(Fixture.fromNumber(random.nextInt(), 1)) == heavy) {
                heavyCount++;
            }
        }
        assertTrue(Math.abs(heavyCount / 20_000.0 - 0.75) < 0.03, "heavy share " + heavyCount / 20_000.0);
    }

    @Test
    void shWithoutFallbackGivesNothingWhenTheBucketIsUnavailable() {
        SourceHashScheduler sh = over(new SourceHashScheduler(false, false), a, b, c);
        Flow client = clientOf(sh, b);
        Fixture.reweigh(b, 0);
        assertNull(sh.schedule(client));
    }

    @Test
    void shFallbackFindsAnotherDestinationAndLeavesOtherClientsAlone() {
        SourceHashScheduler sh = over(new SourceHashScheduler(false, true), a, b, c);
        Map<Integer, Destination> before = new HashMap<>();
        for (int host = 1; host < 250; host++) {
            before.put(host, sh.schedule(from("198.18.2." + host, 1)));
        }
        Flow client = clientOf(sh, b);
        Fixture.reweigh(b, 0);
        Destination fallback = sh.schedule(client);
        assertNotNull(fallback);
        assertNotSame(b, fallback);
        assertSame(fallback, sh.schedule(client), "the fallback is deterministic");
        for (int host = 1; host < 250; host++) {
            if (before.get(host) != b) {
                assertSame(before.get(host), sh.schedule(from("198.18.2." + host, 1)), "client " + host);
            }
        }
        Fixture.reweigh(a, 0);
        Fixture.reweigh(c, 0);
        assertNull(sh.schedule(client));
    }

    @Test
    void dhSendsADestinationAddressAlwaysToTheSameServer() {
        DestinationHashScheduler dh = over(new DestinationHashScheduler(), a, b, c);
        BucketTable table = new BucketTable();
        table.fill(List.of(a, b, c), false);
        for (int host = 1; host < 200; host++) {
            Flow f = to("198.18.3." + host);
            Destination expected = table.get(AddressHash.hash32(0xC6120300 | host, 8));
            assertSame(expected, dh.schedule(f), "destination address " + host);
            assertSame(expected, dh.schedule(Fixture.flow(Fixture.TCP, "198.18.2.99", 5555, "198.18.3." + host, 443)));
        }
    }

    @Test
    void dhGivesNothingWhenTheBucketIsUnavailable() {
        DestinationHashScheduler dh = over(new DestinationHashScheduler(), a, b, c);
        Flow f = null;
        for (int host = 1; f == null; host++) {
            if (dh.schedule(to("198.18.3." + host)) == c) {
                f = to("198.18.3." + host);
            }
        }
        c.markRemoved();
        assertNull(dh.schedule(f));
        assertNull(new DestinationHashScheduler().schedule(f));
    }

    /** A client that {@code scheduler} sends to {@code wanted}. */
    private static Flow clientOf(DestinationScheduler scheduler, Destination wanted) {
        for (int host = 1; host < 255; host++) {
            Flow f = from("198.18.2." + host, 1);
            if (scheduler.schedule(f) == wanted) {
                return f;
            }
        }
        throw new AssertionError("no client lands on " + wanted.config());
    }
}
