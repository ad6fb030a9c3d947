package io.vigil.healthcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class LagHistogramTest {

    private static final long US = 1_000;

    @Test
    void anEmptyHistogramReportsZeros() {
        assertEquals(new LagHistogram.Snapshot(0, 0, 0, 0, 0), new LagHistogram().snapshot(false));
    }

    @Test
    void percentilesOfAUniformSpreadAreWithinThreePercent() {
        LagHistogram h = new LagHistogram();
        for (long us = 1; us <= 10_000; us++) {
            h.onProbeStarted(us * US);
        }
        LagHistogram.Snapshot s = h.snapshot(false);
        assertEquals(10_000, s.count());
        assertEquals(10_000, s.maxMicros());
        assertTrue(Math.abs(s.p50Micros() - 5_000) <= 5_000 / 32, "p50 " + s.p50Micros());
        assertTrue(Math.abs(s.p99Micros() - 9_900) <= 9_900 / 32, "p99 " + s.p99Micros());
        assertTrue(s.p999Micros() >= s.p99Micros() && s.p999Micros() <= s.maxMicros());
    }

    @Test
    void smallLagsAreExactAndNegativeOnesCountAsZero() {
        LagHistogram h = new LagHistogram();
        h.onProbeStarted(-5 * US);
        h.onProbeStarted(7 * US);
        h.onProbeStarted(7 * US);
        LagHistogram.Snapshot s = h.snapshot(true);
        assertEquals(new LagHistogram.Snapshot(3, 7, 7, 7, 7), s);
        assertEquals(0, h.snapshot(false).count(), "reset");
    }

    @Property
    void everyValueFallsInABucketThatCoversIt(@ForAll @LongRange(max = Long.MAX_VALUE / 2) long micros) {
        int index = LagHistogram.index(micros);
        assertTrue(LagHistogram.upperBound(index) >= micros);
        assertTrue(index == 0 || LagHistogram.upperBound(index - 1) < micros);
        assertTrue(LagHistogram.upperBound(index) - micros <= Math.max(0, micros / 32));
    }
}
