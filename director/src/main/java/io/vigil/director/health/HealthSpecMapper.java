package io.vigil.director.health;

import io.vigil.director.config.KeepalivedConfig;
import io.vigil.director.config.NotifyScript;
import io.vigil.director.config.RealServer;
import io.vigil.director.config.VirtualServer;
import io.vigil.healthcheck.spec.CheckSpec;
import io.vigil.healthcheck.spec.RealServerSpec;
import io.vigil.healthcheck.spec.ScriptSpec;
import io.vigil.healthcheck.spec.SorryServerSpec;
import io.vigil.healthcheck.spec.VirtualServerSpec;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Maps the parsed keepalived.conf onto the healthcheck module's specs: one {@link VirtualServerSpec} per
 * virtual_server (a {@code group} service is checked once, as keepalived does: its real servers are shared by every
 * address of the group), with quorum, hysteresis, quorum_up/down, sorry_server(_inhibit), omega, and per real
 * server its weight, inhibit_on_failure, notify_up/down and checkers. Scripts without their own user run as
 * {@code script_user}. Duplicate real servers are dropped with a warning as keepalived does (check_data.c
 * L1165-1180). Stateless and pure.
 */
public final class HealthSpecMapper {

    /** The weight of a sorry server while it serves (check_data.c {@code alloc_ssvr}: weight 1). */
    public static final int SORRY_SERVER_WEIGHT = 1;

    private HealthSpecMapper() {
    }

    /** The specs of every virtual_server in {@code config}. */
    public static HealthMapping map(KeepalivedConfig config) {
        Optional<String> scriptUser = Optional.ofNullable(config.globalDefs().scriptUser());
        CheckSpecMapper checkers = new CheckSpecMapper(scriptUser, config.trackFiles());
        List<String> warnings = new ArrayList<>();
        List<MappedService> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (VirtualServer vs : config.virtualServers()) {
            String name = vs.label();
            for (int n = 2; !names.add(name); n++) {
                name = vs.label() + " #" + n;
            }
            List<RealServerSpec> reals = new ArrayList<>();
            Set<InetSocketAddress> seen = new HashSet<>();
            for (RealServer rs : vs.realServers()) {
                InetSocketAddress address = address(rs);
                String where = "real_server " + ServiceAddress.format(address) + " of virtual_server " + name;
                if (!seen.add(address)) {
                    warnings.add(rs.position() + ": " + where + " appears twice, expected distinct real servers;"
                            + " the duplicate is skipped");
                    continue;
                }
                List<CheckSpec> checks = checkers.map(rs, where, warnings::add);
                reals.add(new RealServerSpec(address, rs.weight(), rs.inhibitOnFailure(), checks,
                        script(rs.notifyUp(), scriptUser), script(rs.notifyDown(), scriptUser)));
            }
            Optional<SorryServerSpec> sorry = vs.sorryServer() == null ? Optional.empty()
                    : Optional.of(new SorryServerSpec(new InetSocketAddress(vs.sorryServer(),
                            vs.sorryServerPort() != null ? vs.sorryServerPort() : vs.port() != null ? vs.port() : 0),
                            SORRY_SERVER_WEIGHT, vs.sorryServerInhibit()));
            out.add(new MappedService(vs, new VirtualServerSpec(name, reals, vs.quorum(), vs.hysteresis(),
                    script(vs.quorumUp(), scriptUser), script(vs.quorumDown(), scriptUser), sorry, vs.omega())));
        }
        return new HealthMapping(out, warnings);
    }

    /** The real server's address; a real server without a port (fwmark services) has port 0. */
    static InetSocketAddress address(RealServer rs) {
        return new InetSocketAddress(rs.address(), rs.port() == null ? 0 : rs.port());
    }

    private static Optional<ScriptSpec> script(NotifyScript script, Optional<String> scriptUser) {
        if (script == null) {
            return Optional.empty();
        }
        return Optional.of(new ScriptSpec(script.command(), Optional.ofNullable(script.user()).or(() -> scriptUser),
                Optional.ofNullable(script.group())));
    }
}
