package io.vigil.healthcheck.spec;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * {@code real_server IP PORT { ... }} as the health checks need it (keepalived.conf(5) L2506-2560).
 *
 * @param address          the real server, its identity within the virtual server
 * @param weight           configured weight ({@code weight}, default the VS weight, 1)
 * @param inhibitOnFailure weight 0 instead of removal while down
 * @param checks           its checkers; it is up only when all pass
 * @param notifyUp         {@code notify_up}
 * @param notifyDown       {@code notify_down}
 */
public record RealServerSpec(InetSocketAddress address, int weight, boolean inhibitOnFailure, List<CheckSpec> checks,
                             Optional<ScriptSpec> notifyUp, Optional<ScriptSpec> notifyDown) {

    public RealServerSpec {
        if (address == null || weight < 0) {
            throw new IllegalArgumentException("real_server needs an address and a weight >= 0");
        }
        checks = List.copyOf(checks);
    }

    /** A real server with the given checks and no notify scripts. */
    public static RealServerSpec of(InetSocketAddress address, int weight, boolean inhibitOnFailure,
                                    List<CheckSpec> checks) {
        return new RealServerSpec(address, weight, inhibitOnFailure, checks, Optional.empty(), Optional.empty());
    }
}
