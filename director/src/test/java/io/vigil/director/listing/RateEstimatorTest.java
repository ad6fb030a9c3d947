package io.vigil.director.listing;

import static io.vigil.director.listing.Stats.at;
import static io.vigil.director.listing.Stats.realServer;
import static io.vigil.director.listing.Stats.serviceStats;
import static io.vigil.director.listing.Stats.stats;
import static io.vigil.director.listing.Stats.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.api.Counters;
import io.vigil.dataplane.api.DataplaneStats;
import io.vigil.dataplane.api.ForwardingMethod;
import io.vigil.dataplane.api.Scheduler;
import io.vigil.dataplane.api.Service;
import io.vigil.dataplane.api.ServiceKey;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The estimator on a virtual clock against ip_vs_est.c's arithmetic, worked by hand: with 1000 new connections per
 * 2 s, the scaled average goes 0 -> 128000 -> 224000 -> 296000 (each step adds a quarter of 512000 minus itself),
 * which reads (x + 511) >> 10 = 125, 219, 289 CPS, converging on 500. Half of it (the real server) reads 62 CPS and 187 InPPS at first:
 * (64000 + 511) >> 10 and (192000 + 511) >> 10.
 */
class RateEstimatorTest {

    private static final long S = 1_000_000_000L;
    private static final ServiceKey WEB = tcp("198.18.0.10", 80);
    private static final InetSocketAddress RS = at("198.18.1.9", 80);

    private final AtomicReference<DataplaneStats> now = new AtomicReference<>();
    private final RateEstimator estimator = new RateEstimator(now::get);

    private void set(long conns, long inPkts, long outPkts, long inBytes, long outBytes) {
        Counters c = Stats.counters(conns, inPkts, outPkts, inBytes, outBytes);
        now.set(stats(4096, serviceStats(Service.of(WEB, Scheduler.WLC), c,
                realServer(RS, 1, ForwardingMethod.NAT, 0, 0, new Counters(conns / 2, inPkts / 2, outPkts / 2,
                        inBytes / 2, outBytes / 2)))));
    }

    @Test
    void followsTheKernelsWeightsEveryTwoSeconds() {
        set(0, 0, 0, 0, 0);
        assertTrue(estimator.doWork(0), "the first call takes the baseline");
        assertEquals(Rate.ZERO, estimator.rates().service(WEB));

        set(1000, 3000, 2000, 1_000_000, 64_000);
        assertFalse(estimator.doWork(S), "no sample before 2 s");
        assertFalse(estimator.doWork(2 * S - 1));
        assertTrue(estimator.doWork(2 * S));
        // bytes: 1e6 per 2 s, scaled 2^5: (1e6 << 4) / 4 = 4000000 -> (4000000 + 15) >> 5 = 125000
        assertEquals(new Rate(125, 375, 250, 125_000, 8_000), estimator.rates().service(WEB));
        assertEquals(new Rate(62, 187, 125, 62_500, 4_000), estimator.rates().realServer(WEB, RS));

        set(2000, 6000, 4000, 2_000_000, 128_000);
        assertTrue(estimator.doWork(4 * S));
        assertEquals(219, estimator.rates().service(WEB).cps());
        set(3000, 9000, 6000, 3_000_000, 192_000);
        assertTrue(estimator.doWork(6 * S));
        assertEquals(289, estimator.rates().service(WEB).cps());

        for (int i = 4; i < 60; i++) {
            set(1000L * i, 3000L * i, 2000L * i, 1_000_000L * i, 64_000L * i);
            assertTrue(estimator.doWork(2 * i * S));
        }
        assertEquals(new Rate(500, 1500, 1000, 500_000, 32_000), estimator.rates().service(WEB));

        for (int i = 60; i < 120; i++) {
            assertTrue(estimator.doWork(2 * i * S)); // no more traffic: the averages decay to zero
        }
        assertEquals(Rate.ZERO, estimator.rates().service(WEB));
    }

    @Test
    void aLateTickSamplesOnceAndKeepsTheSchedule() {
        set(0, 0, 0, 0, 0);
        estimator.doWork(0);
        set(1000, 0, 0, 0, 0);
        assertTrue(estimator.doWork(2 * S + S / 10), "late by 100 ms");
        assertEquals(125, estimator.rates().service(WEB).cps(), "each sample counts as 2 s, as in the kernel");
        assertTrue(estimator.doWork(4 * S), "the next one is still due at 4 s");
        assertTrue(estimator.doWork(11 * S), "after a long stall");
        assertFalse(estimator.doWork(12 * S), "the schedule restarts from the stall");
        assertTrue(estimator.doWork(13 * S));
    }

    @Test
    void newServicesStartFromTheirCountersAndGoneOnesAreForgotten() {
        set(5_000_000, 0, 0, 0, 0);
        estimator.doWork(0);
        set(5_000_000, 0, 0, 0, 0);
        estimator.doWork(2 * S);
        assertEquals(Rate.ZERO, estimator.rates().service(WEB), "counters before the first sample are no rate");

        now.set(stats(4096));
        estimator.doWork(4 * S);
        assertTrue(estimator.rates().services().isEmpty());
        assertEquals(Rate.ZERO, estimator.rates().realServer(WEB, RS));

        set(1000, 0, 0, 0, 0); // re-created: starts again from its counters
        estimator.doWork(6 * S);
        assertEquals(Rate.ZERO, estimator.rates().service(WEB));
        set(2000, 0, 0, 0, 0);
        estimator.doWork(8 * S);
        assertEquals(125, estimator.rates().service(WEB).cps());
    }

    @Test
    void aCounterThatWentBackCountsFromZero() {
        set(10_000, 0, 0, 0, 0);
        estimator.doWork(0);
        set(1000, 0, 0, 0, 0);
        estimator.doWork(2 * S);
        assertEquals(125, estimator.rates().service(WEB).cps());
    }
}
