package io.vigil.director.listing;

import io.vigil.dataplane.api.Counters;
import io.vigil.dataplane.api.DataplaneStats;
import io.vigil.dataplane.api.RealServerStats;
import io.vigil.dataplane.api.ServiceKey;
import io.vigil.dataplane.api.ServiceStats;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * IPVS's rate estimator (net/netfilter/ipvs/ip_vs_est.c): every 2 seconds it reads each service's and each real
 * server's counters and folds the difference into an exponentially weighted moving average,
 * {@code avg += (rate - avg) / 4}, in the kernel's fixed point: connections and packets scaled by 2^10, bytes by 2^5
 * (the difference is shifted by 9 and 4, which also divides it by the 2-second interval). Each sample counts as
 * exactly 2 seconds, as in the kernel. A service or real server seen for the first time starts from its current
 * counters, so it reads zero until its first interval ends; one that is gone is forgotten.
 *
 * <p>Threading: {@link #doWork} from one thread (the director loop, every 2 s or more often); {@link #rates} from
 * any thread (an immutable snapshot published after each sample).
 */
public final class RateEstimator {

    /** The kernel's estimation interval: {@code 2 * HZ} (ip_vs_est.c). */
    public static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final Supplier<DataplaneStats> stats;
    private final Map<ServiceKey, Estimate> services = new HashMap<>();
    private final Map<ServiceKey, Map<InetSocketAddress, Estimate>> realServers = new HashMap<>();
    private boolean started;
    private long nextSampleNanos;
    private volatile Rates rates = Rates.NONE;

    /** Estimates the rates of what {@code stats} reports; it is called once per interval. */
    public RateEstimator(Supplier<DataplaneStats> stats) {
        this.stats = stats;
    }

    /**
     * Samples the counters when an interval has passed since the last sample (the first call takes the baseline).
     *
     * @param nowNanos a monotonic clock ({@link System#nanoTime()} or a test's)
     * @return whether it sampled
     */
    public boolean doWork(long nowNanos) {
        if (started && nowNanos - nextSampleNanos < 0) {
            return false;
        }
        nextSampleNanos = started ? nextSampleNanos + INTERVAL_NANOS : nowNanos + INTERVAL_NANOS;
        if (nextSampleNanos - nowNanos <= 0) {
            nextSampleNanos = nowNanos + INTERVAL_NANOS; // a missed interval is not made up, as in the kernel
        }
        started = true;
        sample(stats.get());
        return true;
    }

    /** The rates of the last sample. */
    public Rates rates() {
        return rates;
    }

    private void sample(DataplaneStats now) {
        Map<ServiceKey, Estimate> seenServices = new HashMap<>();
        Map<ServiceKey, Map<InetSocketAddress, Estimate>> seenRealServers = new HashMap<>();
        Map<ServiceKey, Rate> serviceRates = new HashMap<>();
        Map<ServiceKey, Map<InetSocketAddress, Rate>> realServerRates = new HashMap<>();
        for (ServiceStats s : now.services()) {
            ServiceKey key = s.service().key();
            Estimate service = estimate(services.get(key), s.counters());
            seenServices.put(key, service);
            serviceRates.put(key, service.rate());
            Map<InetSocketAddress, Estimate> known = realServers.getOrDefault(key, Map.of());
            Map<InetSocketAddress, Estimate> pool = new HashMap<>();
            Map<InetSocketAddress, Rate> poolRates = new HashMap<>();
            for (RealServerStats rs : s.realServers()) {
                InetSocketAddress address = rs.realServer().address();
                Estimate e = estimate(known.get(address), rs.counters());
                pool.put(address, e);
                poolRates.put(address, e.rate());
            }
            seenRealServers.put(key, pool);
            realServerRates.put(key, poolRates);
        }
        services.clear();
        services.putAll(seenServices);
        realServers.clear();
        realServers.putAll(seenRealServers);
        rates = new Rates(serviceRates, realServerRates);
    }

    private static Estimate estimate(Estimate known, Counters counters) {
        if (known == null) {
            return new Estimate(counters);
        }
        known.update(counters);
        return known;
    }

    /** One {@code struct ip_vs_estimator}: the last counters and the scaled averages. */
    private static final class Estimate {
        private Counters last;
        private long cps;
        private long inpps;
        private long outpps;
        private long inbps;
        private long outbps;

        Estimate(Counters baseline) {
            this.last = baseline;
        }

        void update(Counters now) {
            cps += ((delta(now.connections(), last.connections()) << 9) - cps) >> 2;
            inpps += ((delta(now.packetsIn(), last.packetsIn()) << 9) - inpps) >> 2;
            outpps += ((delta(now.packetsOut(), last.packetsOut()) << 9) - outpps) >> 2;
            inbps += ((delta(now.bytesIn(), last.bytesIn()) << 4) - inbps) >> 2;
            outbps += ((delta(now.bytesOut(), last.bytesOut()) << 4) - outbps) >> 2;
            last = now;
        }

        /** {@code ip_vs_read_estimator}: rounded back out of the fixed point. */
        Rate rate() {
            return new Rate((cps + 0x1FF) >> 10, (inpps + 0x1FF) >> 10, (outpps + 0x1FF) >> 10,
                    (inbps + 0xF) >> 5, (outbps + 0xF) >> 5);
        }

        /** The counter's growth; a counter that went back (its service was re-created) restarted from zero. */
        private static long delta(long now, long last) {
            return now >= last ? now - last : now;
        }
    }
}
