package io.vigil.director.daemon;

import io.netty.util.NetUtil;
import io.vigil.dataplane.api.PortStats;
import io.vigil.director.config.JsonWriter;
import io.vigil.vrrp.io.InstanceStatus;
import io.vigil.vrrp.io.Vip;
import io.vigil.vrrp.io.VrrpCounter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code vigil status}: the dataplane's backend per interface (text form only), then every VRRP instance's name, state, VRID, interface, base and effective priority, the
 * master's address and priority, VIPs, last transition and counters, as text or as JSON (keys follow keepalived's
 * JSON dump, vrrp_json.c: {@code iname}, {@code state}, {@code vrid}, {@code ifp_ifname}, ... and {@code stats}).
 */
public final class StatusReport {

    private StatusReport() {
    }

    /** The human-readable form. */
    public static String text(List<InstanceStatus> instances) {
        if (instances.isEmpty()) {
            return "no vrrp_instance configured\n";
        }
        StringBuilder out = new StringBuilder();
        for (InstanceStatus s : instances) {
            out.append("VRRP instance ").append(s.name()).append('\n');
            out.append("  state            ").append(s.state())
                    .append(s.lastTransition() == null ? " since never" : " since " + s.lastTransition()).append('\n');
            out.append("  vrid             ").append(s.virtualRouterId()).append('\n');
            out.append("  interface        ").append(s.interfaceName()).append('\n');
            if (s.syncGroup() != null) {
                out.append("  sync group       ").append(s.syncGroup()).append('\n');
            }
            out.append("  priority         ").append(s.basePriority()).append(" (effective ")
                    .append(s.effectivePriority()).append(")\n");
            out.append("  master           ")
                    .append(s.masterAddress() == null ? "unknown" : NetUtil.toAddressString(s.masterAddress())
                            + " priority " + s.masterPriority()).append('\n');
            out.append("  virtual ips      ")
                    .append(s.vips().stream().map(Vip::toString).collect(Collectors.joining(", "))).append('\n');
            out.append("  counters        ");
            for (Map.Entry<VrrpCounter, Long> c : s.counters().entrySet()) {
                out.append(' ').append(c.getKey().jsonName()).append('=').append(c.getValue());
            }
            out.append('\n');
        }
        return out.toString();
    }

    /**
     * The dataplane's line: the backend each open port uses, e.g. {@code xdp on eth0, tpacket on eth1}, or the
     * setting while no port is open yet (ports open when a service activates).
     */
    public static String dataplane(String backendSetting, List<PortStats> ports) {
        String value = ports.isEmpty() ? "no port open yet (vigil.dataplane.backend = " + backendSetting + ")"
                : ports.stream().map(p -> p.backend() + " on " + p.device()).collect(Collectors.joining(", "));
        return "Dataplane\n  backend          " + value + "\n";
    }

    /** The JSON form: an array with one object per instance. */
    public static String json(List<InstanceStatus> instances) {
        JsonWriter w = new JsonWriter().beginArray();
        for (InstanceStatus s : instances) {
            w.beginObject()
                    .field("iname", s.name())
                    .field("state", s.state().name())
                    .field("vrid", s.virtualRouterId())
                    .field("ifp_ifname", s.interfaceName())
                    .field("sync_group", s.syncGroup())
                    .field("base_priority", s.basePriority())
                    .field("effective_priority", s.effectivePriority())
                    .field("master_ipaddr", s.masterAddress())
                    .field("master_priority", s.masterPriority() < 0 ? null : s.masterPriority())
                    .field("last_transition", s.lastTransition() == null ? null : s.lastTransition().toString());
            w.name("vips").beginArray();
            for (Vip v : s.vips()) {
                w.value(NetUtil.toAddressString(v.address()) + "/" + v.prefixLength());
            }
            w.endArray();
            w.name("stats").beginObject();
            for (Map.Entry<VrrpCounter, Long> c : s.counters().entrySet()) {
                w.field(c.getKey().jsonName(), c.getValue());
            }
            w.endObject().endObject();
        }
        return w.endArray() + "\n";
    }
}
