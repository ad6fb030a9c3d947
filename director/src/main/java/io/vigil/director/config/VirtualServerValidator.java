package io.vigil.director.config;

import io.vigil.dataplane.api.ForwardingMethod;
import java.util.ArrayList;
import java.util.List;

/**
 * The pool checks keepalived 2.2.7 makes after reading a {@code virtual_server} (check_data.c
 * {@code validate_check_config}), with its corrections: a quorum above the real servers' total weight is lowered to
 * it and a hysteresis not below the quorum becomes quorum - 1. A DR or TUN real server on another port than the
 * virtual server's (keepalived resets it) is reported and left to the dataplane's mapping, which forwards it
 * without the port and says so. Not thread-safe: one per configuration load.
 */
final class VirtualServerValidator {

    private final Diagnostics d;

    VirtualServerValidator(Diagnostics diagnostics) {
        this.d = diagnostics;
    }

    /** The virtual server as keepalived would run it. */
    VirtualServer corrected(VirtualServer vs) {
        List<RealServer> servers = new ArrayList<>();
        for (RealServer rs : vs.realServers()) {
            servers.add(port(vs, rs));
        }
        long total = vs.realServers().stream().mapToLong(RealServer::weight).sum();
        int quorum = vs.quorum();
        int hysteresis = vs.hysteresis();
        if (quorum > total) {
            d.corrected(vs.position(), "virtual_server " + vs.label() + ": quorum " + quorum + " is above the total"
                    + " weight of its real servers, " + total + ", so it could never be reached; expected a quorum"
                    + " of at most " + total + "; lowered to " + total);
            quorum = (int) total;
        }
        if (hysteresis >= quorum) {
            int lowered = Math.max(0, quorum - 1);
            d.corrected(vs.position(), "virtual_server " + vs.label() + ": hysteresis " + hysteresis + " is not below"
                    + " quorum " + quorum + ", expected hysteresis < quorum; set to " + lowered);
            hysteresis = lowered;
        }
        VirtualServer out = vs.withRealServers(List.copyOf(servers));
        return quorum == vs.quorum() && hysteresis == vs.hysteresis() ? out : out.withQuorum(quorum, hysteresis);
    }

    /** LVS rewrites no port in DR and TUN, so the real server's port must be the service's (check_data.c L1302). */
    private RealServer port(VirtualServer vs, RealServer rs) {
        ForwardingMethod method = rs.lvsMethod() != null ? rs.lvsMethod() : vs.lvsMethod();
        if (vs.group() != null || method == null || method == ForwardingMethod.NAT || rs.port() == null) {
            return rs;
        }
        if (vs.fwmark() != null) {
            if (rs.port() == 0) {
                return rs;
            }
            d.corrected(rs.position(), "virtual_server " + vs.label() + ": " + method + " real_server "
                    + rs.address().getHostAddress() + " has port " + rs.port() + ", expected none: a fwmark service"
                    + " forwards every port unchanged (keepalived clears it)");
            return rs;
        }
        if (vs.port() != null && !rs.port().equals(vs.port())) {
            d.corrected(rs.position(), "virtual_server " + vs.label() + ": " + method + " real_server "
                    + rs.address().getHostAddress() + " port " + rs.port() + " differs from the virtual server's port "
                    + vs.port() + "; " + method + " cannot change the port, expected " + vs.port() + " (keepalived"
                    + " resets it)");
            return rs;
        }
        return rs;
    }
}
