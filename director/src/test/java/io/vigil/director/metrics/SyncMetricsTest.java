package io.vigil.director.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.dataplane.api.SyncDropReason;
import io.vigil.dataplane.api.SyncRole;
import io.vigil.dataplane.api.SyncStats;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncMetricsTest {

    @Test
    void servesTheSyncCountersUnderTheirDocumentedNames() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SyncStats stats = new SyncStats(SyncRole.BACKUP, 3, 40, 7, 90, Map.of(SyncDropReason.WRONG_SYNCID, 2L),
                1_500_000, 9_000_000);
        new SyncMetrics(registry, () -> stats);
        String text = registry.scrape();
        for (String line : new String[] {"vigil_sync_state 2.0", "vigil_sync_messages_sent_total 3.0",
                "vigil_sync_connections_sent_total 40.0", "vigil_sync_messages_received_total 7.0",
                "vigil_sync_connections_received_total 90.0", "vigil_sync_drops_total{reason=\"wrong_syncid\"} 2.0",
                "vigil_sync_drops_total{reason=\"queue_full\"} 0.0", "vigil_sync_lag_seconds 0.0015",
                "vigil_sync_lag_max_seconds 0.009"}) {
            assertTrue(text.contains(line), line + " in\n" + text);
        }
    }
}
