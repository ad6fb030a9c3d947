package io.vigil.healthcheck;

/**
 * A small log-linear histogram of durations (scheduling lags, probe latencies) with microsecond resolution: exact below 64 µs, then 32
 * sub-buckets per power of two, so a percentile is within 1/32 (about 3%) of the true value; the maximum is exact.
 * No allocation per record. Threading: records come from the health loop, snapshots from any thread; both
 * synchronize on the histogram (uncontended on the loop).
 */
public final class LagHistogram implements SchedulingLagListener {

    private static final int LINEAR = 64;
    private static final int SUB_BUCKETS = 32;
    private static final int SUB_BITS = 5;
    private static final int BUCKETS = LINEAR + (63 - 6) * SUB_BUCKETS;

    private final long[] counts = new long[BUCKETS];
    private long total;
    private long maxMicros;

    /**
     * Percentiles of the durations recorded since the last reset, in microseconds.
     *
     * @param count     durations recorded
     * @param p50Micros median
     * @param p99Micros 99th percentile
     * @param p999Micros 99.9th percentile
     * @param maxMicros largest, exact
     */
    public record Snapshot(long count, long p50Micros, long p99Micros, long p999Micros, long maxMicros) {
    }

    @Override
    public void onProbeStarted(long lagNanos) {
        record(lagNanos);
    }

    /** Records one duration; negative ones count as 0. */
    public synchronized void record(long nanos) {
        long micros = Math.max(0, nanos) / 1_000;
        counts[index(micros)]++;
        total++;
        maxMicros = Math.max(maxMicros, micros);
    }

    static int index(long micros) {
        if (micros < LINEAR) {
            return (int) micros;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(micros);
        int mantissa = (int) (micros >>> (exponent - SUB_BITS)) & (SUB_BUCKETS - 1);
        return LINEAR + (exponent - 6) * SUB_BUCKETS + mantissa;
    }

    /** The largest value that falls in bucket {@code index}. */
    static long upperBound(int index) {
        if (index < LINEAR) {
            return index;
        }
        int exponent = (index - LINEAR) / SUB_BUCKETS + 6;
        int mantissa = (index - LINEAR) % SUB_BUCKETS;
        return ((long) (SUB_BUCKETS + mantissa + 1) << (exponent - SUB_BITS)) - 1;
    }

    /** The percentiles so far, and a reset when {@code reset}. */
    public synchronized Snapshot snapshot(boolean reset) {
        Snapshot s = new Snapshot(total, percentile(0.50), percentile(0.99), percentile(0.999), maxMicros);
        if (reset) {
            java.util.Arrays.fill(counts, 0);
            total = 0;
            maxMicros = 0;
        }
        return s;
    }

    private long percentile(double p) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(p * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(upperBound(i), maxMicros);
            }
        }
        return maxMicros;
    }
}
