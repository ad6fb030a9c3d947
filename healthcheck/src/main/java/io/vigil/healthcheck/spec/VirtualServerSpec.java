package io.vigil.healthcheck.spec;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code virtual_server} as the health checks need it (keepalived.conf(5) L2359-2505).
 *
 * @param name         the virtual server's display name, e.g. {@code 198.18.0.10:80 TCP}; unique per daemon
 * @param realServers  its real servers, distinct addresses
 * @param quorum       {@code quorum} (default 1); capped at the sum of the real servers' weights (check_data.c L1264)
 * @param hysteresis   {@code hysteresis} (default 0)
 * @param quorumUp     {@code quorum_up}
 * @param quorumDown   {@code quorum_down}
 * @param sorryServer  {@code sorry_server} and {@code sorry_server_inhibit}
 * @param omega        run notify_down and quorum_down scripts on shutdown
 */
public record VirtualServerSpec(String name, List<RealServerSpec> realServers, long quorum, long hysteresis,
                                Optional<ScriptSpec> quorumUp, Optional<ScriptSpec> quorumDown,
                                Optional<SorryServerSpec> sorryServer, boolean omega) {

    public VirtualServerSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("virtual server name must not be blank");
        }
        realServers = List.copyOf(realServers);
        Set<Object> seen = new HashSet<>();
        for (RealServerSpec rs : realServers) {
            if (!seen.add(rs.address())) {
                throw new IllegalArgumentException("virtual server " + name + ": real server " + rs.address()
                        + " appears twice; expected distinct addresses");
            }
        }
        if (quorum < 1 || hysteresis < 0) {
            throw new IllegalArgumentException("virtual server " + name + ": quorum must be >= 1 and hysteresis >= 0");
        }
    }

    /** A virtual server with quorum 1, no hysteresis, scripts or sorry server. */
    public static VirtualServerSpec of(String name, List<RealServerSpec> realServers) {
        return new VirtualServerSpec(name, realServers, 1, 0, Optional.empty(), Optional.empty(), Optional.empty(),
                false);
    }

    /** The quorum in force: the configured one capped at the sum of the real servers' weights, at least 1. */
    public long effectiveQuorum() {
        long sum = realServers.stream().mapToLong(RealServerSpec::weight).sum();
        return Math.max(1, Math.min(quorum, sum));
    }
}
