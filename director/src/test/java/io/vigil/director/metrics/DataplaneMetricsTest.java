package io.vigil.director.metrics;

import static io.vigil.director.listing.Stats.at;
import static io.vigil.director.listing.Stats.counters;
import static io.vigil.director.listing.Stats.realServer;
import static io.vigil.director.listing.Stats.serviceStats;
import static io.vigil.director.listing.Stats.tcp;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.dataplane.api.DataplaneStats;
import io.vigil.dataplane.api.DropReason;
import io.vigil.dataplane.api.ForwardingMethod;
import io.vigil.dataplane.api.PortStats;
import io.vigil.dataplane.api.Scheduler;
import io.vigil.dataplane.api.Service;
import io.vigil.dataplane.api.ServiceKey;
import io.vigil.dataplane.api.ServiceStats;
import io.vigil.dataplane.api.Timeouts;
import io.vigil.director.listing.Stats;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** node_exporter's IPVS series and Vigil's dataplane series, from hand-built stats, read at scrape time. */
class DataplaneMetricsTest {

    private static final long SECOND = 1_000_000_000L;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicReference<DataplaneStats> stats = new AtomicReference<>();
    private final AtomicLong clock = new AtomicLong();

    private static final ServiceKey WEB = tcp("198.18.0.10", 80);

    private static DataplaneStats stats(long webConns, boolean withSecondRealServer, long received) {
        Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            drops.put(r, r == DropReason.TABLE_FULL ? 7L : 0L);
        }
        ServiceStats web = withSecondRealServer
                ? serviceStats(Service.of(WEB, Scheduler.WLC), counters(webConns, 20, 30, 40, 50),
                        realServer(at("198.18.1.9", 80), 3, ForwardingMethod.NAT, 4, 6, counters(0, 0, 0, 0, 0)),
                        realServer(at("198.18.1.10", 80), 1, ForwardingMethod.NAT, 0, 0, counters(0, 0, 0, 0, 0)))
                : serviceStats(Service.of(WEB, Scheduler.WLC), counters(webConns, 20, 30, 40, 50),
                        realServer(at("198.18.1.9", 80), 3, ForwardingMethod.NAT, 4, 6, counters(0, 0, 0, 0, 0)));
        return new DataplaneStats(List.of(web,
                serviceStats(Service.of(ServiceKey.fwmark(26, false), Scheduler.SH), counters(1, 2, 3, 4, 5),
                        realServer(at("198.18.1.9", 0), 2, ForwardingMethod.DR, 1, 0, counters(0, 0, 0, 0, 0))),
                serviceStats(Service.of(tcp("fd00::10", 443), Scheduler.RR), counters(0, 0, 0, 0, 0),
                        realServer(at("fd00::2:1", 443), 1, ForwardingMethod.DR, 0, 2, counters(0, 0, 0, 0, 0)))),
                drops, 12, 4096, List.of(new PortStats("eth0", "xdp", received, 90, 2, 1, 17, 0)),
                Timeouts.IPVS_DEFAULTS);
    }

    @Test
    void nodeExportersIpvsSeriesAndVigilsOwn() throws Exception {
        stats.set(stats(10, false, 100));
        new DataplaneMetrics(registry, stats::get, clock::get);
        String text = registry.scrape();
        for (String line : List.of(
                "node_ipvs_connections_total 11.0",
                "node_ipvs_incoming_packets_total 22.0",
                "node_ipvs_outgoing_packets_total 33.0",
                "node_ipvs_incoming_bytes_total 44.0",
                "node_ipvs_outgoing_bytes_total 55.0",
                "node_ipvs_backend_weight{local_address=\"198.18.0.10\",local_mark=\"\",local_port=\"80\",proto=\"TCP\","
                        + "remote_address=\"198.18.1.9\",remote_port=\"80\"} 3.0",
                "node_ipvs_backend_connections_active{local_address=\"198.18.0.10\",local_mark=\"\",local_port=\"80\","
                        + "proto=\"TCP\",remote_address=\"198.18.1.9\",remote_port=\"80\"} 4.0",
                "node_ipvs_backend_connections_inactive{local_address=\"198.18.0.10\",local_mark=\"\",local_port=\"80\","
                        + "proto=\"TCP\",remote_address=\"198.18.1.9\",remote_port=\"80\"} 6.0",
                "node_ipvs_backend_weight{local_address=\"\",local_mark=\"0000001A\",local_port=\"0\",proto=\"FWM\","
                        + "remote_address=\"198.18.1.9\",remote_port=\"0\"} 2.0",
                "node_ipvs_backend_connections_inactive{local_address=\"fd00::10\",local_mark=\"\",local_port=\"443\","
                        + "proto=\"TCP\",remote_address=\"fd00::2:1\",remote_port=\"443\"} 2.0",
                "vigil_dataplane_drops_total{reason=\"table_full\"} 7.0",
                "vigil_dataplane_drops_total{reason=\"no_destination\"} 0.0",
                "vigil_dataplane_port_frames_total{device=\"eth0\",direction=\"received\"} 100.0",
                "vigil_dataplane_port_frames_total{device=\"eth0\",direction=\"transmitted\"} 90.0",
                "vigil_dataplane_port_ring_drops_total{device=\"eth0\"} 2.0",
                "vigil_dataplane_port_handoffs_total{device=\"eth0\"} 17.0",
                "vigil_dataplane_connections 12.0",
                "vigil_dataplane_connections_capacity 4096.0")) {
            assertTrue(text.contains(line + "\n"), line + " in\n" + text);
        }
        Promtool.accepts(text);
    }

    @Test
    void readsAtScrapeTimeOncePerSnapshotAndFollowsTheRealServers() {
        stats.set(stats(10, false, 100));
        DataplaneMetrics metrics = new DataplaneMetrics(registry, stats::get, clock::get);
        stats.set(stats(20, true, 150));
        assertTrue(registry.scrape().contains("node_ipvs_connections_total 11.0\n"), "within a second: the same snapshot");
        clock.set(SECOND);
        String text = registry.scrape();
        assertTrue(text.contains("node_ipvs_connections_total 21.0\n"), text);
        assertTrue(text.contains("vigil_dataplane_port_frames_total{device=\"eth0\",direction=\"received\"} 150.0\n"), text);
        assertFalse(text.contains("remote_address=\"198.18.1.10\""), "series are added by refresh");

        metrics.refresh();
        assertTrue(registry.scrape().contains("node_ipvs_backend_weight{local_address=\"198.18.0.10\",local_mark=\"\","
                + "local_port=\"80\",proto=\"TCP\",remote_address=\"198.18.1.10\",remote_port=\"80\"} 1.0\n"));

        stats.set(stats(20, false, 150));
        metrics.refresh();
        assertFalse(registry.scrape().contains("remote_address=\"198.18.1.10\""), registry.scrape());
        assertTrue(registry.scrape().contains("remote_address=\"198.18.1.9\""));
    }

    @Test
    void noServicesNoPorts() throws Exception {
        stats.set(Stats.stats(0));
        new DataplaneMetrics(registry, stats::get, clock::get);
        String text = registry.scrape();
        assertTrue(text.contains("node_ipvs_connections_total 0.0\n"), text);
        assertFalse(text.contains("node_ipvs_backend_weight{"), text);
        assertFalse(text.contains("vigil_dataplane_port_frames_total{"), text);
        Promtool.accepts(text);
    }
}
