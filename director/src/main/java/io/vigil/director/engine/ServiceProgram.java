package io.vigil.director.engine;

import io.vigil.dataplane.api.ForwardingMethod;
import io.vigil.dataplane.api.RealServer;
import io.vigil.dataplane.api.Service;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * What one virtual_server programs into the dataplane: one IPVS service per address (a group expands to several),
 * and how each pool entry becomes a destination.
 *
 * @param name          the virtual server's name (the health checks' {@code VirtualServerSpec.name()})
 * @param address       its virtual address, or null (fwmark)
 * @param services      the IPVS services it stands for
 * @param method        the virtual server's {@code lvs_method}
 * @param realServers   per configured real server: method and thresholds (weight comes from the pool)
 */
public record ServiceProgram(String name, InetAddress address, List<Service> services, ForwardingMethod method,
                             Map<InetSocketAddress, RealServer> realServers) {

    public ServiceProgram {
        services = List.copyOf(services);
        realServers = Map.copyOf(realServers);
    }

    /**
     * The destination for a pool entry at {@code weight}: the configured real server's method and thresholds, or the
     * virtual server's method for an entry that is not a configured real server (the sorry server).
     */
    public RealServer destination(InetSocketAddress address, int weight) {
        RealServer configured = realServers.get(address);
        if (configured == null) {
            return RealServer.of(address, weight, method);
        }
        return new RealServer(address, weight, configured.method(), configured.upperThreshold(),
                configured.lowerThreshold());
    }
}
