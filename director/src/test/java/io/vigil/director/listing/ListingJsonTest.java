package io.vigil.director.listing;

import static io.vigil.director.listing.Stats.at;
import static io.vigil.director.listing.Stats.counters;
import static io.vigil.director.listing.Stats.realServer;
import static io.vigil.director.listing.Stats.service;
import static io.vigil.director.listing.Stats.serviceStats;
import static io.vigil.director.listing.Stats.stats;
import static io.vigil.director.listing.Stats.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import io.vigil.dataplane.api.ConnectionEntry;
import io.vigil.dataplane.api.Counters;
import io.vigil.dataplane.api.DataplaneStats;
import io.vigil.dataplane.api.DropReason;
import io.vigil.dataplane.api.ForwardingMethod;
import io.vigil.dataplane.api.PortStats;
import io.vigil.dataplane.api.Protocol;
import io.vigil.dataplane.api.Scheduler;
import io.vigil.dataplane.api.SchedulerFlag;
import io.vigil.dataplane.api.Service;
import io.vigil.dataplane.api.ServiceKey;
import io.vigil.dataplane.api.Timeouts;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ListingJsonTest {

    private static Config parse(String json) {
        return ConfigFactory.parseString("{\"doc\": " + json + "}",
                ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON));
    }

    @Test
    void everythingInOneObject() {
        ServiceKey web = tcp("198.18.0.10", 80);
        DataplaneStats s = new DataplaneStats(stats(4096,
                        List.of(new PortStats("eth0", "tpacket", 10, 9, 2, 1)), Map.of(DropReason.TABLE_FULL, 7L),
                        serviceStats(Service.of(ServiceKey.fwmark(7, true), Scheduler.MH), Counters.ZERO),
                        serviceStats(service(web, Scheduler.SH, Set.of(SchedulerFlag.FLAG_1), 300, 24),
                                counters(1, 2, 3, 4, 5),
                                realServer(at("198.18.1.9", 80), 3, ForwardingMethod.DR, 4, 6, counters(6, 7, 8, 9, 10))))
                .services(), stats(0).drops(), 12, 4096, List.of(new PortStats("eth0", "xdp", 10, 9, 2, 1, 5, 3)),
                new Timeouts(900, 120, 300));
        Rates rates = new Rates(Map.of(web, new Rate(11, 12, 13, 14, 15)),
                Map.of(web, Map.of(at("198.18.1.9", 80), new Rate(21, 22, 23, 24, 25))));

        Config doc = parse(ListingJson.stats(s, rates)).getConfig("doc");
        assertEquals(12, doc.getInt("connections"));
        assertEquals(4096, doc.getInt("connection_capacity"));
        assertEquals(120, doc.getInt("timeouts.tcpfin"));
        assertEquals(DropReason.values().length, doc.getConfig("drops").root().size());
        assertEquals(0, doc.getLong("drops.table_full"));
        assertEquals(2, doc.getConfigList("ports").getFirst().getLong("ring_drops"));
        assertEquals(5, doc.getConfigList("ports").getFirst().getLong("handed_off"));
        assertEquals(3, doc.getConfigList("ports").getFirst().getLong("handoff_drops"));

        List<? extends Config> services = doc.getConfigList("services");
        Config first = services.getFirst();
        assertEquals("198.18.0.10", first.getString("address"), "plain services before fwmark services");
        assertEquals("TCP", first.getString("protocol"));
        assertEquals(80, first.getInt("port"));
        assertEquals("sh", first.getString("scheduler"));
        assertEquals(List.of("sh-fallback"), first.getStringList("flags"));
        assertEquals(300, first.getInt("persistence_timeout"));
        assertEquals(24, first.getInt("persistence_prefix"));
        assertTrue(first.getBoolean("active"));
        assertEquals(5, first.getLong("stats.outbytes"));
        assertEquals(11, first.getLong("rates.cps"));
        Config rs = first.getConfigList("real_servers").getFirst();
        assertEquals("198.18.1.9", rs.getString("address"));
        assertEquals("Route", rs.getString("forward"));
        assertEquals(3, rs.getInt("weight"));
        assertEquals(4, rs.getInt("active_conn"));
        assertEquals(6, rs.getInt("inact_conn"));
        assertEquals(9, rs.getLong("stats.inbytes"));
        assertEquals(25, rs.getLong("rates.outbps"));

        Config mark = services.get(1);
        assertEquals("FWM", mark.getString("protocol"));
        assertEquals(7, mark.getInt("fwmark"));
        assertEquals("inet6", mark.getString("family"));
        assertFalse(mark.hasPath("address"));
        assertFalse(mark.hasPath("persistence_timeout"));
        assertEquals(0, mark.getLong("rates.cps"), "not estimated yet");
    }

    @Test
    void dropsCarryTheirCounts() {
        DataplaneStats s = stats(64, List.of(), Map.of(DropReason.NO_DESTINATION, 3L));
        assertEquals(3, parse(ListingJson.stats(s, Rates.NONE)).getLong("doc.drops.no_destination"));
    }

    @Test
    void connectionsAndTimeouts() {
        Config c = parse(ListingJson.connections(List.of(new ConnectionEntry(Protocol.UDP, at("fd00::2:5", 5353),
                at("fd00::10", 53), at("fd00::2:1", 53), "UDP", 299_500, ForwardingMethod.NAT, false))))
                .getConfigList("doc").getFirst();
        assertEquals("fd00::2:5", c.getString("client_address"));
        assertEquals(53, c.getInt("destination_port"));
        assertEquals(299_500, c.getLong("expires_millis"));
        assertEquals("Masq", c.getString("forward"));
        assertEquals(60, parse(ListingJson.timeouts(new Timeouts(900, 120, 60))).getInt("doc.udp"));
    }
}
