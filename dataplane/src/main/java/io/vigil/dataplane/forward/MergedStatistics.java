package io.vigil.dataplane.forward;

import io.vigil.dataplane.api.Counters;
import io.vigil.dataplane.api.DataplaneStats;
import io.vigil.dataplane.api.DropReason;
import io.vigil.dataplane.api.PortStats;
import io.vigil.dataplane.api.RealServerStats;
import io.vigil.dataplane.api.ServiceKey;
import io.vigil.dataplane.api.ServiceStats;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dataplane's statistics as one: the workers' counters summed per service, real server, drop reason and
 * interface; connections and capacity summed; the first worker's order and configuration (every worker holds the
 * same services, in the order the commands came). Stateless.
 */
final class MergedStatistics {

    private MergedStatistics() {
    }

    /** The sum of {@code workers}' statistics (at least one). */
    static DataplaneStats of(List<DataplaneStats> workers) {
        if (workers.size() == 1) {
            return workers.getFirst();
        }
        Map<ServiceKey, ServiceStats> services = new LinkedHashMap<>();
        Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
        Map<String, PortStats> ports = new LinkedHashMap<>();
        int connections = 0;
        int capacity = 0;
        for (DataplaneStats w : workers) {
            for (ServiceStats s : w.services()) {
                services.merge(s.service().key(), s, MergedStatistics::plus);
            }
            w.drops().forEach((reason, n) -> drops.merge(reason, n, Long::sum));
            for (PortStats p : w.ports()) {
                ports.merge(p.device(), p, PortStats::plus);
            }
            connections += w.connections();
            capacity += w.connectionCapacity();
        }
        DataplaneStats first = workers.getFirst();
        return new DataplaneStats(List.copyOf(services.values()), drops, connections, capacity,
                List.copyOf(ports.values()), first.timeouts());
    }

    private static ServiceStats plus(ServiceStats a, ServiceStats b) {
        Map<InetSocketAddress, RealServerStats> reals = new LinkedHashMap<>();
        for (RealServerStats r : a.realServers()) {
            reals.put(r.realServer().address(), r);
        }
        for (RealServerStats r : b.realServers()) {
            reals.merge(r.realServer().address(), r, (x, y) -> new RealServerStats(x.realServer(),
                    x.activeConnections() + y.activeConnections(), x.inactiveConnections() + y.inactiveConnections(),
                    x.persistentConnections() + y.persistentConnections(), x.counters().plus(y.counters())));
        }
        Counters counters = a.counters().plus(b.counters());
        return new ServiceStats(a.service(), a.active(), counters, new ArrayList<>(reals.values()));
    }
}
