package io.vigil.dataplane.api;

import java.util.List;
import java.util.Map;

/**
 * Everything {@code vigil list} and the metrics show, at one moment.
 *
 * @param services           every service, active or not
 * @param drops              drops by reason (every reason present, zero included)
 * @param connections        entries in the connection table (templates included)
 * @param connectionCapacity its bound
 * @param ports              the packet ports
 * @param timeouts           the timeouts in force
 */
public record DataplaneStats(List<ServiceStats> services, Map<DropReason, Long> drops, int connections,
                             int connectionCapacity, List<PortStats> ports, Timeouts timeouts) {

    public DataplaneStats {
        services = List.copyOf(services);
        drops = Map.copyOf(drops);
        ports = List.copyOf(ports);
    }
}
