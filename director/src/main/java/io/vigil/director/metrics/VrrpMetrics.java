package io.vigil.director.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.netty.util.NetUtil;
import io.vigil.healthcheck.script.ScriptState;
import io.vigil.vrrp.fsm.VrrpState;
import io.vigil.vrrp.io.InstanceBinding;
import io.vigil.vrrp.io.InstanceStats;
import io.vigil.vrrp.io.Vip;
import io.vigil.vrrp.io.VrrpCounter;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.DoubleStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * VRRP metrics under the names and labels of mehdy/keepalived-exporter 1.3 and later (internal/collector/
 * collector.go), so its dashboards work unchanged: {@code keepalived_vrrp_state{iname,intf,vrid,ip_address}}
 * (0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT) per {@code virtual_ipaddress}, or one series with an empty
 * {@code ip_address} for an instance without any; {@code keepalived_vrrp_excluded_state} per
 * {@code virtual_ipaddress_excluded}; the per-instance counters with labels {@code iname,intf,vrid} (no
 * {@code state}); {@code keepalived_script_status{name}} and {@code keepalived_script_state{name}}. As in the
 * exporter, {@code ip_address} is the address with its prefix ({@code 198.18.0.10/32}, keepalived's
 * format_ipaddress) and {@code intf} the VIP's device. Anything else is {@code vigil_vrrp_*}.
 *
 * <p>Threading: the meters read live values at scrape time; {@link #instancesChanged} and {@link #scriptsChanged}
 * may be called from any thread (they are synchronized).
 */
public final class VrrpMetrics {

    /** keepalived exporter name of each counter, without the {@code _total} that Prometheus adds. */
    private static final Map<VrrpCounter, String> NAMES = new EnumMap<>(Map.ofEntries(
            Map.entry(VrrpCounter.ADVERT_RCVD, "keepalived.advertisements.received"),
            Map.entry(VrrpCounter.ADVERT_SENT, "keepalived.advertisements.sent"),
            Map.entry(VrrpCounter.BECOME_MASTER, "keepalived.become.master"),
            Map.entry(VrrpCounter.RELEASE_MASTER, "keepalived.release.master"),
            Map.entry(VrrpCounter.PACKET_LEN_ERR, "keepalived.packet.length.errors"),
            Map.entry(VrrpCounter.ADVERT_INTERVAL_ERR, "keepalived.advertisements.interval.errors"),
            Map.entry(VrrpCounter.IP_TTL_ERR, "keepalived.ip.ttl.errors"),
            Map.entry(VrrpCounter.INVALID_TYPE_RCVD, "keepalived.invalid.type.received"),
            Map.entry(VrrpCounter.ADDR_LIST_ERR, "keepalived.address.list.errors"),
            Map.entry(VrrpCounter.INVALID_AUTHTYPE, "keepalived.authentication.invalid"),
            Map.entry(VrrpCounter.AUTHTYPE_MISMATCH, "keepalived.authentication.mismatch"),
            Map.entry(VrrpCounter.AUTH_FAILURE, "keepalived.authentication.failure"),
            Map.entry(VrrpCounter.PRI_ZERO_RCVD, "keepalived.priority.zero.received"),
            Map.entry(VrrpCounter.PRI_ZERO_SENT, "keepalived.priority.zero.sent"),
            Map.entry(VrrpCounter.OTHER_ERR, "vigil.vrrp.other.errors")));

    /** Takeover histogram buckets: 100 µs to 1 s (the takeover itself; the master-down wait comes before it). */
    private static final Duration[] TAKEOVER_BUCKETS = DoubleStream.of(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 1000)
            .mapToObj(ms -> Duration.ofNanos((long) (ms * 1_000_000))).toArray(Duration[]::new);

    private final MeterRegistry registry;
    private final Map<String, InstanceBinding> bindings = new HashMap<>();
    private final Function<String, InstanceStats> stats;
    private final Map<String, List<Meter>> instanceMeters = new HashMap<>();
    private final Map<String, List<Meter>> scriptMeters = new HashMap<>();
    private final Supplier<Map<String, Boolean>> scriptStatus;
    private final Function<String, ScriptState> scriptState;

    /**
     * @param stats the live stats of an instance by name
     * @param scriptStatus each vrrp_script's current filtered state
     * @param scriptState where the named vrrp_script's run is (idle, running, being terminated)
     */
    public VrrpMetrics(MeterRegistry registry, List<InstanceBinding> instances, Function<String, InstanceStats> stats,
                       Supplier<Map<String, Boolean>> scriptStatus, Function<String, ScriptState> scriptState,
                       List<String> scriptNames) {
        this.registry = registry;
        this.stats = stats;
        this.scriptStatus = scriptStatus;
        this.scriptState = scriptState;
        Gauge.builder("keepalived.up", () -> 1).description("Whether the VRRP engine is running").register(registry);
        instancesChanged(instances);
        scriptsChanged(scriptNames);
    }

    /**
     * After a reload: the series of removed instances go, new instances get theirs, and an instance whose binding
     * changed (it was restarted) is registered afresh; unchanged instances keep their series. Thread-safe.
     */
    public synchronized void instancesChanged(List<InstanceBinding> instances) {
        Map<String, InstanceBinding> next = new HashMap<>();
        instances.forEach(b -> next.put(b.name(), b));
        for (String name : List.copyOf(bindings.keySet())) {
            if (!bindings.get(name).equals(next.get(name))) {
                bindings.remove(name);
                instanceMeters.remove(name).forEach(registry::remove);
            }
        }
        for (InstanceBinding b : instances) {
            if (bindings.putIfAbsent(b.name(), b) == null) {
                register(b);
            }
        }
    }

    /** After a reload: keepalived_script_status and _state for each vrrp_script, none for removed ones. Thread-safe. */
    public synchronized void scriptsChanged(List<String> scriptNames) {
        scriptMeters.keySet().removeIf(name -> {
            if (!scriptNames.contains(name)) {
                scriptMeters.get(name).forEach(registry::remove);
                return true;
            }
            return false;
        });
        for (String script : scriptNames) {
            scriptMeters.computeIfAbsent(script, n -> List.of(
                    Gauge.builder("keepalived.script.status", scriptStatus,
                                    m -> Boolean.FALSE.equals(m.get().get(n)) ? 0 : 1)
                            .description("vrrp_script status after rise/fall: 1 good, 0 bad")
                            .tags("name", n).register(registry),
                    Gauge.builder("keepalived.script.state", scriptState, f -> f.apply(n).keepalivedCode())
                            .description("vrrp_script run state: 0 idle, 1 running, 2 requested termination, "
                                    + "3 forcing termination")
                            .tags("name", n).register(registry)));
        }
    }

    private void register(InstanceBinding b) {
        InstanceStats s = stats.apply(b.name());
        List<Meter> meters = new ArrayList<>();
        Set<InetAddress> advertised = Set.copyOf(b.profile().virtualAddresses());
        String vrid = Integer.toString(b.spec().virtualRouterId());
        boolean anyVip = false;
        for (Vip vip : b.vips()) {
            boolean excluded = !advertised.contains(vip.address());
            anyVip |= !excluded;
            meters.add(Gauge.builder(excluded ? "keepalived.vrrp.excluded.state" : "keepalived.vrrp.state", s,
                            x -> x.state().keepalivedCode())
                    .description(excluded ? "State of the VRRP instance of a virtual_ipaddress_excluded address"
                            : "State of the VRRP instance: 0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT")
                    .tags("iname", b.name(), "intf", vip.device(), "vrid", vrid, "ip_address", ipAddress(vip))
                    .register(registry));
        }
        if (!anyVip) {
            meters.add(Gauge.builder("keepalived.vrrp.state", s, x -> x.state().keepalivedCode())
                    .description("State of the VRRP instance: 0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT")
                    .tags(instanceTags(b).and("ip_address", "")).register(registry));
        }
        meters.add(Gauge.builder("vigil.vrrp.effective.priority", s, InstanceStats::effectivePriority)
                .description("Priority after tracker weights").tags(instanceTags(b)).register(registry));
        meters.add(Gauge.builder("vigil.vrrp.base.priority", b, x -> x.spec().basePriority())
                .description("Configured priority").tags(instanceTags(b)).register(registry));
        for (Map.Entry<VrrpCounter, String> e : NAMES.entrySet()) {
            VrrpCounter counter = e.getKey();
            meters.add(FunctionCounter.builder(e.getValue(), s, x -> x.get(counter))
                    .description("VRRP " + counter.jsonName() + " of the instance")
                    .tags(instanceTags(b)).register(registry));
        }
        meters.add(FunctionCounter.builder("keepalived.gratuitous.arp.delay", b,
                        x -> x.spec().garp().masterDelayMillis() / 1000.0)
                .description("garp_master_delay in seconds (keepalived's garp_delay; a setting, not a count)")
                .tags(instanceTags(b)).register(registry));
        Timer takeover = Timer.builder("vigil.vrrp.takeover")
                .description("Time from the master-down timer firing to the first gratuitous ARP / NA of the takeover")
                .tags(instanceTags(b)).serviceLevelObjectives(TAKEOVER_BUCKETS).register(registry);
        s.onTakeover(nanos -> takeover.record(nanos, TimeUnit.NANOSECONDS));
        meters.add(takeover);
        instanceMeters.put(b.name(), meters);
    }

    /** The address with its prefix, as keepalived's format_ipaddress writes it and the exporter labels it. */
    static String ipAddress(Vip vip) {
        return NetUtil.toAddressString(vip.address()) + "/" + vip.prefixLength();
    }

    private static Tags instanceTags(InstanceBinding b) {
        return Tags.of("iname", b.name(), "intf", b.interfaceName(), "vrid", Integer.toString(b.spec().virtualRouterId()));
    }
}
