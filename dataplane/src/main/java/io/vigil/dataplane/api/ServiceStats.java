package io.vigil.dataplane.api;

import java.util.List;

/**
 * A virtual service's state and counters at one moment.
 *
 * @param service     the service as configured
 * @param active      whether its VIP is active here (this director is MASTER for it)
 * @param counters    its traffic (the sum over its destinations, plus what was dropped before one was chosen)
 * @param realServers its destinations, in the order they were added
 */
public record ServiceStats(Service service, boolean active, Counters counters, List<RealServerStats> realServers) {

    public ServiceStats {
        realServers = List.copyOf(realServers);
    }
}
