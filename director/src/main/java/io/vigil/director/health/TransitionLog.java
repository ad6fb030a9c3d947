package io.vigil.director.health;

import io.vigil.dataplane.api.Protocol;
import io.vigil.healthcheck.event.PoolEvent;
import io.vigil.healthcheck.event.QuorumGained;
import io.vigil.healthcheck.event.QuorumLost;
import io.vigil.healthcheck.event.RealServerDown;
import io.vigil.healthcheck.event.RealServerUp;
import io.vigil.healthcheck.event.WeightChanged;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The log lines of a pool event, worded as keepalived's checker process words them (ipwrapper.c
 * {@code perform_svr_state}, {@code update_quorum_state}): {@code Removing service [198.18.0.2]:tcp:80 from VS
 * [198.18.0.10]:tcp:80}, {@code Disabling service ...} with inhibit_on_failure, {@code Lost quorum ...}, plus the
 * check result that caused the transition. Pure.
 */
final class TransitionLog {

    private final Map<String, Protocol> protocols;

    /** @param protocols each virtual server's protocol by name, for the real servers' labels */
    TransitionLog(Map<String, Protocol> protocols) {
        this.protocols = Map.copyOf(protocols);
    }

    /** The lines for {@code event}, in order. */
    List<String> lines(PoolEvent event) {
        List<String> out = new ArrayList<>();
        String vs = event.virtualServer();
        switch (event) {
            case RealServerDown e -> {
                out.add("Check on service " + label(vs, e.realServer()) + " failed: " + e.detail());
                out.add((e.inhibited() ? "Disabling service " : "Removing service ") + label(vs, e.realServer())
                        + " from VS " + vs);
            }
            case RealServerUp e -> {
                out.add("Check on service " + label(vs, e.realServer()) + " success: " + e.detail());
                out.add((e.inPool() ? "Adding service " : "Marking up (sorry server in use) service ")
                        + label(vs, e.realServer()) + " to VS " + vs + " with weight " + e.weight());
            }
            case WeightChanged e -> out.add("Changing weight from " + e.oldWeight() + " to " + e.newWeight()
                    + " for service " + label(vs, e.realServer()) + " of VS " + vs);
            case QuorumLost e -> {
                out.add("Lost quorum " + e.liveWeight() + " < " + e.threshold() + " for VS " + vs);
                if (e.sorryServerActivated()) {
                    out.add("Adding sorry server to VS " + vs);
                }
            }
            case QuorumGained e -> {
                out.add("Gained quorum " + e.liveWeight() + " >= " + e.threshold() + " for VS " + vs);
                if (e.sorryServerDeactivated()) {
                    out.add("Removing sorry server from VS " + vs);
                }
            }
        }
        return out;
    }

    /** keepalived's {@code [198.18.0.2]:tcp:80}. */
    String label(String virtualServer, InetSocketAddress realServer) {
        String proto = protocols.getOrDefault(virtualServer, Protocol.TCP).name().toLowerCase(Locale.ROOT);
        String host = ServiceAddress.host(realServer.getAddress());
        String bracketed = host.startsWith("[") ? host : "[" + host + "]";
        return bracketed + ":" + proto + ":" + realServer.getPort();
    }
}
