package io.vigil.healthcheck.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot of one virtual server's pool, for the dataplane and {@code vigil list}.
 *
 * @param virtualServer     the virtual server
 * @param quorumUp          whether quorum is held
 * @param liveWeight        sum of the live real servers' weights
 * @param quorum            the quorum in force
 * @param sorryServerActive the sorry server is serving instead of the real servers
 * @param realServers       every real server, in configuration order
 * @param sorryServer       the sorry server's entry while it is in the pool (at weight 0 with sorry_server_inhibit)
 */
public record PoolView(String virtualServer, boolean quorumUp, long liveWeight, long quorum,
                       boolean sorryServerActive, List<RealServerView> realServers, Optional<PoolEntry> sorryServer) {

    public PoolView {
        realServers = List.copyOf(realServers);
    }

    /** What the dataplane should hold: every real server in the pool, then the sorry server if present. */
    public List<PoolEntry> entries() {
        List<PoolEntry> out = new ArrayList<>();
        for (RealServerView rs : realServers) {
            if (rs.inPool()) {
                out.add(new PoolEntry(rs.address(), rs.poolWeight()));
            }
        }
        sorryServer.ifPresent(out::add);
        return List.copyOf(out);
    }
}
