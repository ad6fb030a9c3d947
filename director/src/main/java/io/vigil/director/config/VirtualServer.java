package io.vigil.director.config;

import io.vigil.dataplane.api.ForwardingMethod;
import io.vigil.dataplane.api.Protocol;
import io.vigil.dataplane.api.Scheduler;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * A {@code virtual_server} block: {@code IP [PORT]}, {@code fwmark N} or {@code group NAME}, with keepalived's
 * defaults (keepalived.conf(5) "Virtual server(s)"; check_data.c {@code alloc_vs} and L1100-1260).
 *
 * @param address                the virtual address, or null for fwmark and group services
 * @param port                   the port, or null
 * @param fwmark                 the firewall mark, or null
 * @param group                  the virtual_server_group name, or null
 * @param protocol               TCP, UDP or SCTP; UDP when not set (keepalived's gotcha, with a warning)
 * @param lvsSched               the scheduler (legacy {@code lb_algo}), default wlc
 * @param schedulerFlags         scheduler flags ({@code sh-port}, {@code ops}, ...)
 * @param lvsMethod              NAT, DR or TUN (legacy {@code lb_kind}), default NAT
 * @param persistenceTimeout     seconds, or null when not persistent
 * @param persistenceGranularity netmask or prefix length, or null
 * @param haSuspend              {@code ha_suspend}
 * @param virtualhost            {@code virtualhost}, or null
 * @param alpha                  {@code alpha}: real servers start down
 * @param omega                  {@code omega}
 * @param quorum                 {@code quorum}, default 1
 * @param hysteresis             {@code hysteresis}, default 0
 * @param quorumUp               {@code quorum_up}, or null
 * @param quorumDown             {@code quorum_down}, or null
 * @param sorryServer            {@code sorry_server} address, or null
 * @param sorryServerPort        its port, or null
 * @param sorryServerInhibit     {@code sorry_server_inhibit}
 * @param delayLoop              {@code delay_loop}, default 60 s
 * @param weight                 default real server weight, default 1
 * @param inhibitOnFailure       {@code inhibit_on_failure} default for real servers
 * @param smtpAlert              {@code smtp_alert}, or null
 * @param ipFamily               {@code ip_family} inet or inet6, or null
 * @param realServers            the real servers
 * @param unsupported            accepted keywords Vigil does not implement
 * @param position               where the block starts
 */
public record VirtualServer(InetAddress address, Integer port, Integer fwmark, String group, Protocol protocol,
        Scheduler lvsSched, List<String> schedulerFlags, ForwardingMethod lvsMethod, Integer persistenceTimeout,
        String persistenceGranularity, boolean haSuspend, String virtualhost, boolean alpha, boolean omega,
        int quorum, int hysteresis, NotifyScript quorumUp, NotifyScript quorumDown, InetAddress sorryServer,
        Integer sorryServerPort, boolean sorryServerInhibit, Duration delayLoop, int weight, boolean inhibitOnFailure,
        Boolean smtpAlert, String ipFamily, List<RealServer> realServers, List<Setting> unsupported,
        SourcePosition position) {

    /** A copy with other real servers. */
    public VirtualServer withRealServers(List<RealServer> servers) {
        return new VirtualServer(address, port, fwmark, group, protocol, lvsSched, schedulerFlags, lvsMethod,
                persistenceTimeout, persistenceGranularity, haSuspend, virtualhost, alpha, omega, quorum, hysteresis,
                quorumUp, quorumDown, sorryServer, sorryServerPort, sorryServerInhibit, delayLoop, weight,
                inhibitOnFailure, smtpAlert, ipFamily, servers, unsupported, position);
    }

    /** A copy with another quorum and hysteresis. */
    public VirtualServer withQuorum(int newQuorum, int newHysteresis) {
        return new VirtualServer(address, port, fwmark, group, protocol, lvsSched, schedulerFlags, lvsMethod,
                persistenceTimeout, persistenceGranularity, haSuspend, virtualhost, alpha, omega, newQuorum,
                newHysteresis, quorumUp, quorumDown, sorryServer, sorryServerPort, sorryServerInhibit, delayLoop, weight,
                inhibitOnFailure, smtpAlert, ipFamily, realServers, unsupported, position);
    }

    /** keepalived's name for the service, e.g. {@code [10.0.0.1]:tcp:80} or {@code fwmark 1}. */
    public String label() {
        if (fwmark != null) {
            return "fwmark " + fwmark;
        }
        if (group != null) {
            return "group " + group;
        }
        return "[" + JsonWriter.address(address) + "]:" + protocol.name().toLowerCase(java.util.Locale.ROOT) + ":"
                + (port == null ? 0 : port);
    }
}
