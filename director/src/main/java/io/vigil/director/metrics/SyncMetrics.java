package io.vigil.director.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.dataplane.api.SyncDropReason;
import io.vigil.dataplane.api.SyncRole;
import io.vigil.dataplane.api.SyncStats;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The IPVS connection-sync daemon's metrics, read from {@link SyncStats} at scrape time:
 * {@code vigil_sync_state} (IPVS's {@code IP_VS_STATE_*}: 0 none, 1 master, 2 backup),
 * {@code vigil_sync_messages_sent_total}, {@code vigil_sync_connections_sent_total},
 * {@code vigil_sync_messages_received_total}, {@code vigil_sync_connections_received_total},
 * {@code vigil_sync_drops_total{reason}}, {@code vigil_sync_lag_seconds} and {@code vigil_sync_lag_max_seconds}.
 *
 * <p>Threading: meters may be read from any thread; the stats source must be thread-safe.
 */
public final class SyncMetrics {

    private static final double NANOS_PER_SECOND = 1e9;

    private final Supplier<SyncStats> source;

    /** Registers the meters. */
    public SyncMetrics(MeterRegistry registry, Supplier<SyncStats> stats) {
        this.source = stats;
        Gauge.builder("vigil.sync.state", this, m -> state(m.source.get().role()))
                .description("The sync daemon's state as IPVS numbers it: 0 none, 1 master (sends), 2 backup (receives)")
                .register(registry);
        counter(registry, "vigil.sync.messages.sent", "Sync messages multicast", SyncStats::messagesSent);
        counter(registry, "vigil.sync.connections.sent", "Connection entries in the sync messages sent",
                SyncStats::connectionsSent);
        counter(registry, "vigil.sync.messages.received", "Sync messages received", SyncStats::messagesReceived);
        counter(registry, "vigil.sync.connections.received", "Connections installed from sync messages",
                SyncStats::connectionsReceived);
        for (SyncDropReason reason : SyncDropReason.values()) {
            FunctionCounter.builder("vigil.sync.drops", this, m -> m.source.get().drops().getOrDefault(reason, 0L))
                    .description("Sync records or messages dropped, by reason").tag("reason", reason.label())
                    .register(registry);
        }
        Gauge.builder("vigil.sync.lag.seconds", this, m -> m.source.get().lagNanos() / NANOS_PER_SECOND)
                .description("The last sync message's lag: from the worker queuing its oldest record to the send")
                .register(registry);
        Gauge.builder("vigil.sync.lag.max.seconds", this, m -> m.source.get().maxLagNanos() / NANOS_PER_SECOND)
                .description("The largest sync lag seen").register(registry);
    }

    private void counter(MeterRegistry registry, String name, String help, ToDoubleFunction<SyncStats> field) {
        FunctionCounter.builder(name, this, m -> field.applyAsDouble(m.source.get())).description(help).register(registry);
    }

    /** IPVS's {@code IP_VS_STATE_NONE}, {@code _MASTER}, {@code _BACKUP}. */
    static int state(SyncRole role) {
        return switch (role) {
            case NONE -> 0;
            case MASTER -> 1;
            case BACKUP -> 2;
        };
    }
}
