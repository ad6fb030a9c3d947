package io.vigil.director.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vigil.director.health.MappedService;
import io.vigil.director.health.ServiceAddress;
import io.vigil.healthcheck.check.CheckResult;
import io.vigil.healthcheck.check.FailureReason;
import io.vigil.healthcheck.event.PoolView;
import io.vigil.healthcheck.event.RealServerView;
import io.vigil.healthcheck.spec.CheckSpec;
import io.vigil.healthcheck.spec.RealServerSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Health-check metrics: {@code vigil_healthcheck_up{virtual_server,real_server,checker}}, {@code vigil_healthcheck_duration_seconds}
 * (histogram by checker), {@code vigil_healthcheck_failures_total{reason}} and
 * {@code vigil_virtual_server_quorum_up{virtual_server}}. The pools' weights are the dataplane's to report
 * ({@link DataplaneMetrics}: {@code node_ipvs_backend_weight}). Threading: {@link #probed} from any thread,
 * {@link #update} from one thread (the health loop); gauges read the last published snapshot.
 */
public final class HealthMetrics {

    /** Histogram buckets of a probe's duration: 1 ms to 30 s, connect_timeout's useful range. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final MeterRegistry registry;
    private final Map<FailureReason, Counter> failures = new EnumMap<>(FailureReason.class);
    private final Map<String, Timer> durations = new ConcurrentHashMap<>();
    private volatile Map<String, PoolView> pools = Map.of();
    /** The per-service series (quorum and checker gauges), removed by {@link #close()}. */
    private final List<Meter> serviceMeters = new ArrayList<>();

    public HealthMetrics(MeterRegistry registry, List<MappedService> services) {
        this.registry = registry;
        for (FailureReason reason : FailureReason.values()) {
            if (reason != FailureReason.NONE) {
                failures.put(reason, Counter.builder("vigil.healthcheck.failures")
                        .description("Health-check probes that failed, by reason").tag("reason", reason.label())
                        .register(registry));
            }
        }
        for (MappedService s : services) {
            String vs = s.spec().name();
            serviceMeters.add(Gauge.builder("vigil.virtual.server.quorum.up", this, m -> m.quorumUp(vs))
                    .description("Whether the virtual server holds its quorum (1) or has lost it (0)")
                    .tag("virtual_server", vs).register(registry));
            List<RealServerSpec> reals = s.spec().realServers();
            for (int r = 0; r < reals.size(); r++) {
                Set<String> labels = new HashSet<>();
                List<CheckSpec> checks = reals.get(r).checks();
                for (int c = 0; c < checks.size(); c++) {
                    String label = checks.get(c).probe().keyword();
                    for (int n = 2; !labels.add(label); n++) {
                        label = checks.get(c).probe().keyword() + "#" + n;
                    }
                    int rsIndex = r;
                    int checkIndex = c;
                    serviceMeters.add(Gauge.builder("vigil.healthcheck.up", this, m -> m.checkerUp(vs, rsIndex, checkIndex))
                            .description("Whether the checker's state is up (1) or down (0), after retries")
                            .tags("virtual_server", vs, "real_server", ServiceAddress.format(reals.get(r).address()),
                                    "checker", label)
                            .register(registry));
                }
            }
        }
    }

    /**
     * Removes this configuration's per-service series (a reload replaces them with its own); the probe counters and
     * histograms stay, so they keep counting. Call from the thread that calls {@link #update}.
     */
    public void close() {
        serviceMeters.forEach(registry::remove);
        serviceMeters.clear();
    }

    /** Records one probe's outcome. Thread-safe. */
    public void probed(String keyword, CheckResult result) {
        durations.computeIfAbsent(keyword, k -> Timer.builder("vigil.healthcheck.duration")
                .description("Time from a health-check probe's start to its outcome, by checker type")
                .tag("checker", k).serviceLevelObjectives(BUCKETS).register(registry))
                .record(result.latencyNanos(), TimeUnit.NANOSECONDS);
        if (!result.up()) {
            failures.get(result.reason()).increment();
        }
    }

    /** Publishes the pools. Call from one thread. */
    public void update(Map<String, PoolView> latest) {
        pools = Map.copyOf(latest);
    }

    private double quorumUp(String vs) {
        PoolView pool = pools.get(vs);
        return pool == null ? Double.NaN : pool.quorumUp() ? 1 : 0;
    }

    private double checkerUp(String vs, int realServer, int check) {
        PoolView pool = pools.get(vs);
        if (pool == null || realServer >= pool.realServers().size()) {
            return Double.NaN;
        }
        RealServerView rs = pool.realServers().get(realServer);
        return check < rs.checkers().size() ? (rs.checkers().get(check).up() ? 1 : 0) : Double.NaN;
    }
}
