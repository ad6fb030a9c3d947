package io.vigil.director.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.netty.util.NetUtil;
import io.vigil.vrrp.fsm.VrrpState;
import io.vigil.vrrp.io.InstanceBinding;
import io.vigil.vrrp.io.InstanceStats;
import io.vigil.vrrp.io.Vip;
import io.vigil.vrrp.io.VrrpCounter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * VRRP metrics under the names of the mehdy/cafebazaar keepalived exporter (keepalived.md §5.3), so existing
 * dashboards work unchanged: {@code keepalived_vrrp_state{iname,intf,vrid,ip_address}} (0 INIT, 1 BACKUP,
 * 2 MASTER, 3 FAULT), the per-instance counters with labels {@code iname,intf,vrid,state}, and
 * {@code keepalived_script_status{name}}. Anything else is {@code vigil_vrrp_*}.
 *
 * <p>The exporter puts the current state in the counters' {@code state} label, so the counters are registered
 * again with the new label on every transition ({@link #stateChanged}); the values come from the same
 * {@link InstanceStats}, so they never go back.
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

    private final MeterRegistry registry;
    private final Map<String, InstanceBinding> bindings = new HashMap<>();
    private final Function<String, InstanceStats> stats;
    private final Map<String, List<Meter>> stateLabelled = new HashMap<>();
    private final Map<String, List<Meter>> instanceMeters = new HashMap<>();
    private final Map<String, Meter> scriptMeters = new HashMap<>();
    private final Supplier<Map<String, Boolean>> scriptStatus;

    /**
     * @param stats the live stats of an instance by name
     * @param scriptStatus each vrrp_script's current filtered state
     */
    public VrrpMetrics(MeterRegistry registry, List<InstanceBinding> instances, Function<String, InstanceStats> stats,
                       Supplier<Map<String, Boolean>> scriptStatus, List<String> scriptNames) {
        this.registry = registry;
        this.stats = stats;
        this.scriptStatus = scriptStatus;
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
                stateLabelled.remove(name).forEach(registry::remove);
            }
        }
        for (InstanceBinding b : instances) {
            if (bindings.putIfAbsent(b.name(), b) == null) {
                register(b);
            }
        }
    }

    /** After a reload: a keepalived_script_status series for each vrrp_script, and none for removed ones. Thread-safe. */
    public synchronized void scriptsChanged(List<String> scriptNames) {
        scriptMeters.keySet().removeIf(name -> {
            if (!scriptNames.contains(name)) {
                registry.remove(scriptMeters.get(name));
                return true;
            }
            return false;
        });
        for (String script : scriptNames) {
            scriptMeters.computeIfAbsent(script, n -> Gauge.builder("keepalived.script.status", scriptStatus,
                            m -> Boolean.FALSE.equals(m.get().get(n)) ? 0 : 1)
                    .description("vrrp_script status after rise/fall: 1 good, 0 bad")
                    .tags("name", n).register(registry));
        }
    }

    private void register(InstanceBinding b) {
        InstanceStats s = stats.apply(b.name());
        List<Meter> meters = new ArrayList<>();
        for (Vip vip : b.vips()) {
            meters.add(Gauge.builder("keepalived.vrrp.state", s, x -> code(x.state()))
                    .description("State of the VRRP instance: 0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT")
                    .tags(instanceTags(b).and("ip_address", NetUtil.toAddressString(vip.address())))
                    .register(registry));
        }
        meters.add(Gauge.builder("vigil.vrrp.effective.priority", s, InstanceStats::effectivePriority)
                .description("Priority after tracker weights").tags(instanceTags(b)).register(registry));
        meters.add(Gauge.builder("vigil.vrrp.base.priority", b, x -> x.spec().basePriority())
                .description("Configured priority").tags(instanceTags(b)).register(registry));
        instanceMeters.put(b.name(), meters);
        registerCounters(b, s.state());
    }

    /** Re-labels the instance's counters with its new state. Thread-safe. */
    public synchronized void stateChanged(String instance, VrrpState state) {
        InstanceBinding b = bindings.get(instance);
        if (b == null) {
            return;
        }
        for (Meter m : stateLabelled.getOrDefault(instance, List.of())) {
            registry.remove(m);
        }
        registerCounters(b, state);
    }

    private void registerCounters(InstanceBinding b, VrrpState state) {
        InstanceStats s = stats.apply(b.name());
        Tags tags = instanceTags(b).and("state", state.name());
        List<Meter> meters = new ArrayList<>();
        for (Map.Entry<VrrpCounter, String> e : NAMES.entrySet()) {
            VrrpCounter counter = e.getKey();
            meters.add(FunctionCounter.builder(e.getValue(), s, x -> x.get(counter))
                    .description("VRRP " + counter.jsonName() + " of the instance")
                    .tags(tags).register(registry));
        }
        stateLabelled.put(b.name(), meters);
    }

    private static Tags instanceTags(InstanceBinding b) {
        return Tags.of("iname", b.name(), "intf", b.interfaceName(), "vrid", Integer.toString(b.spec().virtualRouterId()));
    }

    /** keepalived's numeric state (vrrp.h VRRP_STATE_*), as the exporter reports it. */
    static int code(VrrpState state) {
        return switch (state) {
            case INIT, STOP -> 0;
            case BACKUP -> 1;
            case MASTER -> 2;
            case FAULT -> 3;
        };
    }
}
