package io.vigil.director.listing;

import io.vigil.dataplane.api.ConnectionEntry;
import io.vigil.dataplane.api.Counters;
import io.vigil.dataplane.api.DataplaneStats;
import io.vigil.dataplane.api.DropReason;
import io.vigil.dataplane.api.PortStats;
import io.vigil.dataplane.api.RealServerStats;
import io.vigil.dataplane.api.SchedulerFlag;
import io.vigil.dataplane.api.ServiceKey;
import io.vigil.dataplane.api.ServiceStats;
import io.vigil.dataplane.api.Timeouts;
import io.vigil.director.config.JsonWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code vigil list --json}: everything {@code vigil list} can show, as one object: the connection table's
 * occupancy and capacity, the timeouts, drops by reason, the packet ports, and every service (in ipvsadm's order)
 * with its scheduler, flags, persistence, counters and rates, and its real servers with their weight, method,
 * thresholds, active, inactive and persistent connections, counters and rates. With {@code -c}, the connection
 * table as an array. Pure.
 */
public final class ListingJson {

    private ListingJson() {
    }

    /** The whole state as one JSON object. */
    public static String stats(DataplaneStats stats, Rates rates) {
        JsonWriter w = new JsonWriter().beginObject()
                .field("connections", stats.connections())
                .field("connection_capacity", stats.connectionCapacity());
        timeouts(w.name("timeouts"), stats.timeouts());
        w.name("drops").beginObject();
        for (DropReason reason : DropReason.values()) {
            w.field(reason.label(), stats.drops().getOrDefault(reason, 0L));
        }
        w.endObject();
        w.name("ports").beginArray();
        for (PortStats p : stats.ports()) {
            w.beginObject().field("device", p.device()).field("backend", p.backend()).field("received", p.received())
                    .field("transmitted", p.transmitted()).field("ring_drops", p.ringDrops())
                    .field("ignored", p.ignored()).field("handed_off", p.handedOff())
                    .field("handoff_drops", p.handoffDrops()).endObject();
        }
        w.endArray();
        w.name("services").beginArray();
        List<ServiceStats> services = new ArrayList<>(stats.services());
        services.sort(IpvsOrder.SERVICES);
        for (ServiceStats s : services) {
            service(w, s, rates);
        }
        return w.endArray().endObject() + "\n";
    }

    /** {@code --timeout --json}. */
    public static String timeouts(Timeouts t) {
        return timeouts(new JsonWriter(), t) + "\n";
    }

    /** {@code -c --json}: one object per entry, in the order given. */
    public static String connections(List<ConnectionEntry> entries) {
        JsonWriter w = new JsonWriter().beginArray();
        for (ConnectionEntry e : entries) {
            w.beginObject().field("protocol", e.protocol().name())
                    .field("client_address", e.client().getAddress()).field("client_port", e.client().getPort())
                    .field("virtual_address", e.virtual().getAddress()).field("virtual_port", e.virtual().getPort())
                    .field("destination_address", e.destination().getAddress())
                    .field("destination_port", e.destination().getPort())
                    .field("state", e.state()).field("expires_millis", e.expiresMillis())
                    .field("forward", e.method().forwardColumn()).field("template", e.template())
                    .field("origin", e.synced() ? "SYNC" : "LOCAL").endObject();
        }
        return w.endArray() + "\n";
    }

    private static JsonWriter timeouts(JsonWriter w, Timeouts t) {
        return w.beginObject().field("tcp", t.tcpSeconds()).field("tcpfin", t.tcpFinSeconds())
                .field("udp", t.udpSeconds()).endObject();
    }

    private static void service(JsonWriter w, ServiceStats s, Rates rates) {
        ServiceKey key = s.service().key();
        w.beginObject()
                .field("protocol", key.isFwmark() ? "FWM" : key.protocol().name())
                .field("address", key.address())
                .field("port", key.isFwmark() ? null : key.port())
                .field("fwmark", key.isFwmark() ? Integer.toUnsignedLong(key.fwmark()) : null)
                .field("family", key.ipv6() ? "inet6" : "inet")
                .field("scheduler", s.service().scheduler().ipvsName());
        w.name("flags").beginArray();
        String named = IpvsText.schedulerFlags(s.service());
        if (!named.isEmpty()) {
            for (String flag : named.split(",")) {
                w.value(flag);
            }
        }
        w.endArray();
        w.field("persistence_timeout", s.service().persistent() ? s.service().persistenceSeconds() : null)
                .field("persistence_prefix", s.service().persistent() ? s.service().persistencePrefix() : null)
                .field("one_packet", s.service().has(SchedulerFlag.ONE_PACKET))
                .field("active", s.active());
        counters(w.name("stats"), s.counters());
        rate(w.name("rates"), rates.service(key));
        w.name("real_servers").beginArray();
        List<RealServerStats> pool = new ArrayList<>(s.realServers());
        pool.sort(IpvsOrder.REAL_SERVERS);
        for (RealServerStats rs : pool) {
            w.beginObject()
                    .field("address", rs.realServer().address().getAddress())
                    .field("port", rs.realServer().address().getPort())
                    .field("forward", rs.realServer().method().forwardColumn())
                    .field("weight", rs.realServer().weight())
                    .field("upper_threshold", rs.realServer().upperThreshold())
                    .field("lower_threshold", rs.realServer().lowerThreshold())
                    .field("active_conn", rs.activeConnections())
                    .field("inact_conn", rs.inactiveConnections())
                    .field("persist_conn", rs.persistentConnections());
            counters(w.name("stats"), rs.counters());
            rate(w.name("rates"), rates.realServer(key, rs.realServer().address()));
            w.endObject();
        }
        w.endArray().endObject();
    }

    private static void counters(JsonWriter w, Counters c) {
        w.beginObject().field("conns", c.connections()).field("inpkts", c.packetsIn()).field("outpkts", c.packetsOut())
                .field("inbytes", c.bytesIn()).field("outbytes", c.bytesOut()).endObject();
    }

    private static void rate(JsonWriter w, Rate r) {
        w.beginObject().field("cps", r.cps()).field("inpps", r.inpps()).field("outpps", r.outpps())
                .field("inbps", r.inbps()).field("outbps", r.outbps()).endObject();
    }
}
