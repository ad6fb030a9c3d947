package io.vigil.director.listing;

import io.vigil.dataplane.api.ServiceKey;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * The rates of every service and real server at one estimation. Immutable.
 *
 * @param services    by service
 * @param realServers by service, then by the real server's address
 */
public record Rates(Map<ServiceKey, Rate> services, Map<ServiceKey, Map<InetSocketAddress, Rate>> realServers) {

    /** Nothing estimated yet: every rate reads as zero. */
    public static final Rates NONE = new Rates(Map.of(), Map.of());

    public Rates {
        services = Map.copyOf(services);
        realServers = Map.copyOf(realServers);
    }

    /** A service's rate, zero when it has not been estimated yet. */
    public Rate service(ServiceKey key) {
        return services.getOrDefault(key, Rate.ZERO);
    }

    /** A real server's rate, zero when it has not been estimated yet. */
    public Rate realServer(ServiceKey service, InetSocketAddress address) {
        return realServers.getOrDefault(service, Map.of()).getOrDefault(address, Rate.ZERO);
    }
}
