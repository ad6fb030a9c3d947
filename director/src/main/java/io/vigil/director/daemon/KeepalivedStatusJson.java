package io.vigil.director.daemon;

import io.netty.util.NetUtil;
import io.vigil.director.config.JsonWriter;
import io.vigil.director.config.KeepalivedConfig;
import io.vigil.director.config.NotifyScript;
import io.vigil.director.config.Track;
import io.vigil.director.config.VirtualIpAddress;
import io.vigil.director.config.VrrpInstance;
import io.vigil.director.config.VrrpScript;
import io.vigil.healthcheck.script.CommandLine;
import io.vigil.vrrp.fsm.GarpSpec;
import io.vigil.vrrp.fsm.InstanceSpec;
import io.vigil.vrrp.fsm.VrrpState;
import io.vigil.vrrp.io.InstanceStatus;
import io.vigil.vrrp.io.VrrpCounter;
import java.math.BigDecimal;
import java.net.Inet4Address;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code vigil status --json=keepalived}: the running instances in the layout keepalived 2.2.7 writes to
 * {@code /tmp/keepalived.json} on SIGJSON ({@code keepalived --signum=JSON}; vrrp/vrrp_json.c), so tools that read
 * that file read this. An array with one {@code {"data": {...}, "stats": {...}}} per instance; the data members in
 * vrrp_json.c's order with its types: flags written as 0/1 numbers ({@code dont_track_primary}, {@code accept}, ...)
 * or as booleans ({@code vipset}, {@code nopreempt}, ...) as keepalived writes each, intervals as seconds,
 * {@code state} and {@code wantstate} as keepalived's numbers (0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT), scripts as
 * keepalived's {@code cmd_str} ({@code 'word' 'word'}) and only when set, address lists only when not empty, each
 * address in format_ipaddress's words ({@code 198.18.0.10/24 dev eth0 scope global set}). The stats are keepalived's
 * 14 counters; Vigil's {@code other_err} is not among them.
 *
 * <p>Threading: stateless; call from any thread with a snapshot of the statuses and the running configuration.
 */
public final class KeepalivedStatusJson {

    /** vrrp_json.c's script members and the keepalived.conf keyword each one shows. */
    private static final List<Map.Entry<String, String>> SCRIPTS = List.of(
            Map.entry("script_backup", "notify_backup"),
            Map.entry("script_master", "notify_master"),
            Map.entry("script_fault", "notify_fault"),
            Map.entry("script_stop", "notify_stop"),
            Map.entry("script_deleted", "notify_deleted"),
            Map.entry("script", "notify"),
            Map.entry("script_master_rx_lower_pri", "notify_master_rx_lower_pri"));

    private KeepalivedStatusJson() {
    }

    /** The array of instances; an instance missing from {@code config} gets only what its status carries. */
    public static String json(List<InstanceStatus> instances, KeepalivedConfig config) {
        Map<String, VrrpInstance> configured = config.vrrpInstances().stream()
                .collect(Collectors.toMap(VrrpInstance::name, Function.identity(), (a, b) -> a));
        Map<String, VrrpScript> scripts = config.vrrpScripts().stream()
                .collect(Collectors.toMap(VrrpScript::name, Function.identity(), (a, b) -> a));
        boolean globalStrict = config.globalDefs().vrrpStrict();
        JsonWriter w = new JsonWriter().beginArray();
        for (InstanceStatus s : instances) {
            w.beginObject().name("data").beginObject();
            data(w, s, Optional.ofNullable(configured.get(s.name())), scripts, globalStrict);
            w.endObject().name("stats").beginObject();
            for (VrrpCounter c : VrrpCounter.values()) {
                if (c != VrrpCounter.OTHER_ERR) {
                    w.field(c.jsonName(), s.counters().getOrDefault(c, 0L));
                }
            }
            w.endObject().endObject();
        }
        return w.endArray() + "\n";
    }

    private static void data(JsonWriter w, InstanceStatus s, Optional<VrrpInstance> conf,
                             Map<String, VrrpScript> scripts, boolean globalStrict) {
        InstanceSpec spec = s.spec();
        GarpSpec garp = spec.garp();
        boolean vipsSet = s.state() == VrrpState.MASTER;
        w.field("iname", s.name())
                .field("dont_track_primary", flag(conf.map(VrrpInstance::dontTrackPrimary).orElse(false)))
                .field("skip_check_adv_addr", flag(conf.map(VrrpInstance::skipCheckAdvAddr).orElse(false)))
                .field("strict_mode", flag(conf.map(VrrpInstance::strictMode).orElse(globalStrict)))
                .field("vmac_ifname", "")
                .field("ifp_ifname", s.interfaceName())
                .field("master_priority", s.state() == VrrpState.MASTER || s.masterPriority() < 0 ? 0 : s.masterPriority())
                .field("last_transition", epochSeconds(s.lastTransition()))
                .field("garp_delay", BigDecimal.valueOf(garp.masterDelayMillis(), 3).stripTrailingZeros())
                .field("garp_refresh", garp.masterRefreshMillis() / 1000)
                .field("garp_rep", garp.masterRepeat())
                .field("garp_refresh_rep", garp.masterRefreshRepeat())
                .field("garp_lower_prio_delay", garp.lowerPrioDelayMillis() / 1000)
                .field("garp_lower_prio_rep", garp.lowerPrioRepeat())
                .field("lower_prio_no_advert", flag(spec.lowerPrioNoAdvert()))
                .field("higher_prio_send_advert", flag(spec.higherPrioSendAdvert()))
                .field("vrid", s.virtualRouterId())
                .field("base_priority", s.basePriority())
                .field("effective_priority", s.effectivePriority())
                .field("vipset", vipsSet)
                .field("promote_secondaries", false)
                .field("adver_int", centis(spec.advertIntervalCentis()))
                .field("master_adver_int", centis(s.masterAdvertIntervalCentis()))
                .field("accept", flag(spec.accept()))
                .field("nopreempt", spec.nopreempt())
                .field("preempt_delay", spec.preemptDelayMillis() / 1000)
                .field("state", s.state().keepalivedCode())
                .field("wantstate", s.state().keepalivedCode())
                .field("version", spec.version())
                .field("smtp_alert", conf.map(c -> Boolean.TRUE.equals(c.smtpAlert())).orElse(false))
                .field("notify_deleted", false);
        if (conf.isEmpty()) {
            return;
        }
        VrrpInstance c = conf.get();
        for (Map.Entry<String, String> script : SCRIPTS) {
            NotifyScript n = c.notifyScripts().get(script.getValue());
            w.field(script.getKey(), n == null ? null : commandString(n.command()));
        }
        String device = c.interfaceName() == null ? "" : c.interfaceName();
        array(w, "vips", c.virtualIpAddresses().stream().map(v -> address(v, device, vipsSet)).toList());
        array(w, "evips", c.virtualIpAddressesExcluded().stream().map(v -> address(v, device, vipsSet)).toList());
        array(w, "vroutes", c.virtualRoutes());
        array(w, "vrules", c.virtualRules());
        array(w, "track_ifp", c.trackInterfaces().stream().map(Track::name).toList());
        array(w, "track_script", c.trackScripts().stream().map(t -> scripts.get(t.name()))
                .filter(java.util.Objects::nonNull).map(v -> commandString(v.script())).toList());
        if (c.authentication() == null) {
            w.field("auth_type", 0);
        } else {
            w.field("auth_type", c.authentication().type().equalsIgnoreCase("AH") ? 2 : 1)
                    .field("auth_data", c.authentication().password());
        }
    }


    /** notify.c {@code cmd_str_r}: each word in single quotes, separated by spaces. */
    static String commandString(String commandLine) {
        StringBuilder error = new StringBuilder();
        List<String> words = CommandLine.split(commandLine, error).orElse(List.of(commandLine));
        return words.stream().map(word -> "'" + word + "'").collect(Collectors.joining(" "));
    }

    /**
     * vrrp_ipaddress.c {@code format_ipaddress}: the address (with its prefix unless a host prefix), {@code brd},
     * {@code dev}, {@code scope}, {@code label}, {@code peer}, the flags, {@code preferred_lft} for IPv6 (0 when
     * deprecated, {@link VirtualIpAddress#deprecated}),
     * and {@code set} while it is on the interface.
     */
    static String address(VirtualIpAddress v, String instanceDevice, boolean set) {
        boolean v4 = v.address() instanceof Inet4Address;
        StringBuilder out = new StringBuilder(NetUtil.toAddressString(v.address()));
        if (v.prefixLength() != (v4 ? 32 : 128)) {
            out.append('/').append(v.prefixLength());
        }
        if (v4 && v.broadcast() != null) {
            out.append(" brd ").append(NetUtil.toAddressString(v.broadcast()));
        }
        out.append(" dev ").append(v.dev() != null ? v.dev() : instanceDevice);
        out.append(" scope ").append(v.scope() != null ? v.scope() : "global");
        if (v.label() != null) {
            out.append(" label ").append(v.label());
        }
        if (v.peer() != null) {
            out.append(" peer ").append(NetUtil.toAddressString(v.peer())).append('/').append(v.prefixLength());
        }
        v.flags().stream().filter(f -> !f.startsWith("preferred_lft")).forEach(f -> out.append(' ').append(f));
        if (v.noTrack()) {
            out.append(" no_track");
        }
        if (!v4) {
            out.append(" preferred_lft ").append(v.deprecated() ? "0" : v.preferredLifetime().orElse("forever"));
        }
        if (set) {
            out.append(" set");
        }
        return out.toString();
    }

    private static void array(JsonWriter w, String name, List<String> values) {
        if (values.isEmpty()) {
            return;
        }
        w.name(name).beginArray();
        values.forEach(w::value);
        w.endArray();
    }

    private static int flag(boolean on) {
        return on ? 1 : 0;
    }

    /** Centiseconds as seconds the way keepalived's {@code %g} writes them (1, 0.5). */
    private static BigDecimal centis(int centis) {
        return BigDecimal.valueOf(centis, 2).stripTrailingZeros();
    }

    /** {@code last_transition} as seconds since the epoch with microseconds ({@code %f}); 0 before any. */
    private static BigDecimal epochSeconds(Instant t) {
        if (t == null) {
            return BigDecimal.ZERO;
        }
        return BigDecimal.valueOf(t.getEpochSecond()).add(BigDecimal.valueOf(t.getNano() / 1000, 6));
    }
}
