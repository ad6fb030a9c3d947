package io.vigil.director.listing;

import io.vigil.dataplane.api.Counters;
import io.vigil.dataplane.api.DataplaneStats;
import io.vigil.dataplane.api.DropReason;
import io.vigil.dataplane.api.ForwardingMethod;
import io.vigil.dataplane.api.PortStats;
import io.vigil.dataplane.api.Protocol;
import io.vigil.dataplane.api.RealServer;
import io.vigil.dataplane.api.RealServerStats;
import io.vigil.dataplane.api.Scheduler;
import io.vigil.dataplane.api.SchedulerFlag;
import io.vigil.dataplane.api.Service;
import io.vigil.dataplane.api.ServiceKey;
import io.vigil.dataplane.api.ServiceStats;
import io.vigil.dataplane.api.Timeouts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Hand-built dataplane statistics for the listing and metrics tests. */
public final class Stats {

    private Stats() {
    }

    public static InetSocketAddress at(String address, int port) {
        return new InetSocketAddress(InetAddress.ofLiteral(address), port);
    }

    public static ServiceKey tcp(String address, int port) {
        return ServiceKey.of(Protocol.TCP, InetAddress.ofLiteral(address), port);
    }

    public static Service service(ServiceKey key, Scheduler scheduler, Set<SchedulerFlag> flags, int persistence,
            int prefix) {
        return new Service(key, scheduler, flags, persistence, prefix);
    }

    public static ServiceStats serviceStats(Service s, Counters counters, RealServerStats... realServers) {
        return new ServiceStats(s, true, counters, List.of(realServers));
    }

    public static RealServerStats realServer(InetSocketAddress address, int weight, ForwardingMethod method,
            int active, int inactive, Counters counters) {
        return new RealServerStats(RealServer.of(address, weight, method), active, inactive, 0, counters);
    }

    public static Counters counters(long conns, long inPkts, long outPkts, long inBytes, long outBytes) {
        return new Counters(conns, inPkts, outPkts, inBytes, outBytes);
    }

    public static DataplaneStats stats(int capacity, ServiceStats... services) {
        return stats(capacity, List.of(), Map.of(), services);
    }

    public static DataplaneStats stats(int capacity, List<PortStats> ports, Map<DropReason, Long> someDrops,
            ServiceStats... services) {
        Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            drops.put(r, someDrops.getOrDefault(r, 0L));
        }
        return new DataplaneStats(List.of(services), drops, 0, capacity, ports, Timeouts.IPVS_DEFAULTS);
    }
}
