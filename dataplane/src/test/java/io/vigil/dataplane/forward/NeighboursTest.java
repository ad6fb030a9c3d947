package io.vigil.dataplane.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NeighboursTest {

    /** A source that records requests and hands out the results a test queues. */
    private static final class RecordingSource implements NextHopSource {
        final List<long[]> requests = new ArrayList<>();
        final ArrayDeque<Object[]> results = new ArrayDeque<>();
        boolean full;

        @Override
        public boolean request(long high, long low) {
            if (full) {
                return false;
            }
            requests.add(new long[] {high, low});
            return true;
        }

        @Override
        public int drain(Sink sink) {
            int n = 0;
            while (!results.isEmpty()) {
                Object[] r = results.poll();
                sink.resolved((long) r[0], (long) r[1], (NextHop) r[2]);
                n++;
            }
            return n;
        }
    }

    private static final NextHop HOP = new NextHop(3, "va", 0x02_00_00_00_00_01L, 0x02_00_00_00_00_02L, 1500);
    private static final long V4 = AddressWords.v4Low(0xC612_0002); // 198.18.0.2

    @Test
    void aMissAsksOnceAndStaysUnresolvedUntilTheAnswerIsApplied() {
        RecordingSource source = new RecordingSource();
        Neighbours neighbours = new Neighbours(source, 4);
        assertNull(neighbours.nextHop(0, V4));
        assertEquals(-1, neighbours.nextHopMac(0, V4));
        assertEquals(1, source.requests.size(), "a pending destination is asked for once");
        assertEquals(2, neighbours.unresolvedLookups());

        source.results.add(new Object[] {0L, V4, HOP});
        assertEquals(1, neighbours.applyResolutions());
        assertSame(HOP, neighbours.nextHop(0, V4));
        assertEquals(0x02_00_00_00_00_02L, neighbours.nextHopMac(0, V4));

        source.results.add(new Object[] {0L, V4, null}); // the entry went away
        neighbours.applyResolutions();
        assertNull(neighbours.nextHop(0, V4));
        assertEquals(1, source.requests.size(), "the source keeps tracking it; no second request");
    }

    @Test
    void ipv6AndIpv4WordsAreDistinctKeysAndTheTableGrowsBetweenBatches() {
        RecordingSource source = new RecordingSource();
        Neighbours neighbours = new Neighbours(source, 1);
        for (long i = 1; i <= 100; i++) {
            source.results.add(new Object[] {0xFD00_0000_0000_0000L, i, HOP});
            source.results.add(new Object[] {0L, AddressWords.v4Low((int) i), null});
        }
        neighbours.applyResolutions();
        assertEquals(200, neighbours.size());
        for (long i = 1; i <= 100; i++) {
            assertSame(HOP, neighbours.nextHop(0xFD00_0000_0000_0000L, i));
            assertNull(neighbours.nextHop(0L, AddressWords.v4Low((int) i)));
        }
        assertEquals(0, source.requests.size(), "known destinations are not asked for again");
    }

    @Test
    void aFullRequestQueueIsCountedAndAskedAgainNextTime() {
        RecordingSource source = new RecordingSource();
        Neighbours neighbours = new Neighbours(source, 4);
        source.full = true;
        assertNull(neighbours.nextHop(0, V4));
        assertEquals(1, neighbours.requestsRefused());
        source.full = false;
        assertNull(neighbours.nextHop(0, V4));
        assertEquals(1, source.requests.size());
    }
}
