package io.vigil.director.health;

import io.vigil.dataplane.api.ForwardingMethod;
import io.vigil.director.config.JsonWriter;
import io.vigil.director.config.VirtualServer;
import io.vigil.director.config.VirtualServerGroup;
import io.vigil.healthcheck.check.CheckResult;
import io.vigil.healthcheck.event.CheckerView;
import io.vigil.healthcheck.event.PoolEntry;
import io.vigil.healthcheck.event.PoolView;
import io.vigil.healthcheck.event.RealServerView;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code vigil list}: every virtual server and the real servers in its pool, in {@code ipvsadm -Ln}'s layout
 * (ipvsadm.c {@code print_title} and {@code print_service_entry}; dataplane.md §1.7), or as JSON with each real
 * server's health, last check result, latency and failed-check count. ActiveConn and InActConn are 0 until the
 * dataplane keeps connections; the header's table size is 0 for the same reason. Pure.
 */
public final class IpvsListing {

    /** ipvsadm's title (ipvsadm.c {@code print_title}); IPVS version 1.2.1 is what current kernels report. */
    static final String TITLE = "IP Virtual Server version 1.2.1 (size=0)\n"
            + "Prot LocalAddress:Port Scheduler Flags\n"
            + "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n";

    private IpvsListing() {
    }

    /** The text form; {@code pools} are the live views by virtual server name. */
    public static String text(List<MappedService> services, List<VirtualServerGroup> groups, Map<String, PoolView> pools) {
        StringBuilder out = new StringBuilder(TITLE);
        for (MappedService s : services) {
            PoolView pool = pools.get(s.spec().name());
            Function<InetSocketAddress, String> forward = forwarding(s);
            for (ServiceAddress service : ServiceAddress.of(s.model(), groups)) {
                out.append(serviceLine(s.model(), service)).append('\n');
                if (pool == null) {
                    continue;
                }
                for (PoolEntry e : pool.entries()) {
                    out.append(String.format(Locale.ROOT, "  -> %-28s %-7s %-6d %-10d %-10d%n",
                            ServiceAddress.format(e.address()), forward.apply(e.address()), e.weight(), 0, 0));
                }
            }
        }
        return out.toString();
    }

    /** {@code TCP  198.18.0.10:80 wlc persistent 300}, as ipvsadm prints a service. */
    static String serviceLine(VirtualServer vs, ServiceAddress service) {
        StringBuilder line = new StringBuilder(service.protocol()).append("  ").append(service.local()).append(' ')
                .append(vs.lvsSched().ipvsName());
        List<String> flags = vs.schedulerFlags().stream().filter(f -> !f.equals("ops") && !f.equals("hashed")).toList();
        if (!flags.isEmpty()) {
            line.append(" (").append(String.join(",", flags)).append(')');
        }
        if (vs.persistenceTimeout() != null) {
            line.append(" persistent ").append(vs.persistenceTimeout());
            if (vs.persistenceGranularity() != null) {
                line.append(" mask ").append(vs.persistenceGranularity());
            }
        }
        if (vs.schedulerFlags().contains("ops")) {
            line.append(" ops");
        }
        return line.toString();
    }

    private static Function<InetSocketAddress, String> forwarding(MappedService s) {
        Map<InetSocketAddress, ForwardingMethod> byRealServer = s.model().realServers().stream().collect(
                Collectors.toMap(HealthSpecMapper::address,
                        rs -> rs.lvsMethod() != null ? rs.lvsMethod() : s.model().lvsMethod(), (a, b) -> a));
        return a -> byRealServer.getOrDefault(a, s.model().lvsMethod()).forwardColumn();
    }

    /** The JSON form: an array with one object per service. */
    public static String json(List<MappedService> services, List<VirtualServerGroup> groups, Map<String, PoolView> pools) {
        JsonWriter w = new JsonWriter().beginArray();
        for (MappedService s : services) {
            PoolView pool = pools.get(s.spec().name());
            Function<InetSocketAddress, String> forward = forwarding(s);
            for (ServiceAddress service : ServiceAddress.of(s.model(), groups)) {
                w.beginObject()
                        .field("virtual_server", s.spec().name())
                        .field("protocol", service.protocol())
                        .field("address", service.address())
                        .field("port", service.fwmark() == null ? service.port() : null)
                        .field("fwmark", service.fwmark())
                        .field("scheduler", s.model().lvsSched().ipvsName())
                        .field("persistence_timeout", s.model().persistenceTimeout())
                        .field("forward", s.model().lvsMethod().forwardColumn());
                if (pool != null) {
                    w.field("quorum_up", pool.quorumUp()).field("quorum", pool.quorum())
                            .field("live_weight", pool.liveWeight())
                            .field("sorry_server_active", pool.sorryServerActive());
                    w.name("real_servers").beginArray();
                    for (RealServerView rs : pool.realServers()) {
                        realServer(w, rs, forward.apply(rs.address()));
                    }
                    w.endArray();
                    w.name("sorry_server");
                    if (pool.sorryServer().isPresent()) {
                        PoolEntry e = pool.sorryServer().get();
                        w.beginObject().field("address", e.address().getAddress()).field("port", e.address().getPort())
                                .field("weight", e.weight()).endObject();
                    } else {
                        w.value(null);
                    }
                }
                w.endObject();
            }
        }
        return w.endArray() + "\n";
    }

    private static void realServer(JsonWriter w, RealServerView rs, String forward) {
        long failedChecks = rs.checkers().stream().mapToLong(CheckerView::failedChecks).sum();
        w.beginObject()
                .field("address", rs.address().getAddress())
                .field("port", rs.address().getPort())
                .field("forward", forward)
                .field("weight", rs.poolWeight())
                .field("configured_weight", rs.configuredWeight())
                .field("effective_weight", rs.effectiveWeight())
                .field("healthy", rs.healthy())
                .field("in_pool", rs.inPool())
                .field("active_conn", 0)
                .field("inact_conn", 0)
                .field("failed_checkers", rs.failedCheckers())
                .field("failed_checks", failedChecks);
        CheckResult last = rs.checkers().stream().map(CheckerView::lastResult).flatMap(Optional::stream)
                .reduce((a, b) -> a.up() ? b : a).orElse(null);
        // The first failing checker's last result, else the last checker's: why the real server is where it is.
        w.name("last_check");
        result(w, last);
        w.name("checkers").beginArray();
        for (CheckerView c : rs.checkers()) {
            w.beginObject().field("type", c.keyword()).field("up", c.up()).field("failed_checks", c.failedChecks())
                    .field("retries_in_flight", c.retriesInFlight());
            w.name("last_result");
            result(w, c.lastResult().orElse(null));
            w.endObject();
        }
        w.endArray().endObject();
    }

    private static void result(JsonWriter w, CheckResult r) {
        if (r == null) {
            w.value(null);
            return;
        }
        w.beginObject().field("up", r.up()).field("reason", r.reason().label())
                .field("latency_seconds", BigDecimal.valueOf(r.latencyNanos(), 9).stripTrailingZeros())
                .field("detail", r.detail()).endObject();
    }
}
