package io.vigil.director.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.healthcheck.script.ScriptState;
import io.vigil.vrrp.fsm.InstanceSpec;

import io.vigil.vrrp.io.InstanceBinding;
import io.vigil.vrrp.io.InstanceStats;
import io.vigil.vrrp.io.Vip;
import io.vigil.vrrp.wire.AdvertProfile;
import io.vigil.vrrp.wire.IpFamily;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link VrrpMetrics} and {@link BuildInfo}: the names and labels of mehdy/keepalived-exporter 1.3+. */
class VrrpMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, ScriptState> states = new java.util.HashMap<>();

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** VI_1: a /24 VIP on eth1 (not the instance's eth0) and an excluded /32; VI_2: no VIP at all. */
    private static List<InstanceBinding> bindings() {
        InetAddress source = address("198.18.0.1");
        InetAddress vip = address("198.18.0.10");
        InetAddress excluded = address("198.18.0.20");
        InstanceBinding withVips = new InstanceBinding(
                InstanceSpec.of("VI_1", 51, 3, 100, 100, source, List.of(vip, excluded)), "eth0",
                AdvertProfile.multicast(51, 3, IpFamily.IPV4, 100, List.of(vip)),
                List.of(new Vip(vip, 24, "eth1", null, 0, null), Vip.host(excluded, "eth0")), null);
        InstanceBinding bare = new InstanceBinding(InstanceSpec.of("VI_2", 52, 3, 100, 100, source, List.of()),
                "eth0", AdvertProfile.multicast(52, 3, IpFamily.IPV4, 100, List.of()), List.of(), null);
        return List.of(withVips, bare);
    }

    private VrrpMetrics metrics(List<InstanceBinding> bindings) {
        Map<String, InstanceStats> stats = Map.of("VI_1", new InstanceStats(100), "VI_2", new InstanceStats(100));
        return new VrrpMetrics(registry, bindings, stats::get, () -> Map.of("chk_up", true, "chk_down", false),
                n -> states.getOrDefault(n, ScriptState.IDLE), List.of("chk_up", "chk_down", "chk_slow"));
    }

    private static void assertLine(String text, String line) {
        assertTrue(text.contains(line + "\n"), line + " in\n" + text);
    }

    @Test
    void vrrpStateIsLabelledByTheVipsDeviceAndAddressWithPrefixAndAnInstanceWithoutVipsHasOne() throws Exception {
        metrics(bindings());
        String text = registry.scrape();
        assertLine(text, "keepalived_vrrp_state{iname=\"VI_1\",intf=\"eth1\",ip_address=\"198.18.0.10/24\",vrid=\"51\"} 0.0");
        assertLine(text, "keepalived_vrrp_excluded_state{iname=\"VI_1\",intf=\"eth0\",ip_address=\"198.18.0.20/32\",vrid=\"51\"} 0.0");
        assertFalse(text.contains("keepalived_vrrp_state{iname=\"VI_1\",intf=\"eth0\""), text);
        assertLine(text, "keepalived_vrrp_state{iname=\"VI_2\",intf=\"eth0\",ip_address=\"\",vrid=\"52\"} 0.0");
        Promtool.accepts(text);
    }

    @Test
    void countersCarryNoStateLabelAndTheGarpDelayIsInSeconds() throws Exception {
        metrics(bindings());
        String text = registry.scrape();
        assertLine(text, "keepalived_advertisements_sent_total{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"} 0.0");
        assertLine(text, "keepalived_become_master_total{iname=\"VI_2\",intf=\"eth0\",vrid=\"52\"} 0.0");
        assertLine(text, "keepalived_gratuitous_arp_delay_total{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"} 5.0");
        assertFalse(text.contains("state=\""), text);
        Promtool.accepts(text);
    }

    @Test
    void scriptsHaveStatusAndStateAndGoAwayWhenRemoved() throws Exception {
        VrrpMetrics metrics = metrics(bindings());
        states.put("chk_down", ScriptState.RUNNING);
        states.put("chk_slow", ScriptState.REQUESTED_TERMINATION);
        String text = registry.scrape();
        assertLine(text, "keepalived_script_status{name=\"chk_up\"} 1.0");
        assertLine(text, "keepalived_script_status{name=\"chk_down\"} 0.0");
        assertLine(text, "keepalived_script_state{name=\"chk_up\"} 0.0");
        assertLine(text, "keepalived_script_state{name=\"chk_down\"} 1.0");
        assertLine(text, "keepalived_script_state{name=\"chk_slow\"} 2.0");
        states.put("chk_slow", ScriptState.FORCING_TERMINATION);
        assertLine(registry.scrape(), "keepalived_script_state{name=\"chk_slow\"} 3.0");
        Promtool.accepts(text);

        metrics.scriptsChanged(List.of("chk_up"));
        text = registry.scrape();
        assertFalse(text.contains("name=\"chk_down\""), text);
        assertLine(text, "keepalived_script_state{name=\"chk_up\"} 0.0");
    }

    @Test
    void aRemovedInstanceTakesItsSeriesWithIt() {
        VrrpMetrics metrics = metrics(bindings());
        metrics.instancesChanged(bindings().subList(1, 2));
        String text = registry.scrape();
        assertFalse(text.contains("iname=\"VI_1\""), text);
        assertLine(text, "keepalived_vrrp_state{iname=\"VI_2\",intf=\"eth0\",ip_address=\"\",vrid=\"52\"} 0.0");
    }

    @Test
    void buildInfoNamesTheVersionAndTheJavaRuntime() throws Exception {
        BuildInfo.register(registry, "1.2.3", "25.0.1+8");
        String text = registry.scrape();
        assertLine(text, "vigil_build_info{javaversion=\"25.0.1+8\",version=\"1.2.3\"} 1");
        Promtool.accepts(text);
    }
}
