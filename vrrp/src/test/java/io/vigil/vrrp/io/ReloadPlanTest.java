package io.vigil.vrrp.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.vrrp.fsm.InstanceSpec;
import io.vigil.vrrp.wire.AdvertProfile;
import io.vigil.vrrp.wire.IpFamily;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ReloadPlan}: which instances a reload leaves alone, stops, restarts and starts. */
class ReloadPlanTest {

    private static InstanceBinding binding(String name, int vrid, int priority) {
        InetAddress source = address("198.18.0.1");
        List<InetAddress> vips = List.of(address("198.18.0." + (100 + vrid)));
        return new InstanceBinding(InstanceSpec.of(name, vrid, 3, priority, 100, source, vips), "eth0",
                AdvertProfile.multicast(vrid, 3, IpFamily.IPV4, 100, vips),
                List.of(new Vip(vips.getFirst(), 24, "eth0", null, 0, null)), null);
    }

    private static Map<String, InstanceBinding> running(InstanceBinding... bindings) {
        Map<String, InstanceBinding> out = new LinkedHashMap<>();
        for (InstanceBinding b : bindings) {
            out.put(b.name(), b);
        }
        return out;
    }

    @Test
    void sameBindingsChangeNothing() {
        ReloadPlan plan = ReloadPlan.of(running(binding("A", 1, 150), binding("B", 2, 100)), Map.of(),
                List.of(binding("A", 1, 150), binding("B", 2, 100)), Map.of());
        assertTrue(plan.isEmpty());
        assertEquals(List.of("A", "B"), plan.unchanged());
    }

    @Test
    void addedRemovedAndChangedByName() {
        ReloadPlan plan = ReloadPlan.of(running(binding("A", 1, 150), binding("B", 2, 100), binding("C", 3, 100)),
                Map.of(), List.of(binding("A", 1, 150), binding("B", 2, 120), binding("D", 4, 100)), Map.of());
        assertEquals(List.of("C"), plan.removed());
        assertEquals(List.of("B"), plan.restarted());
        assertEquals(List.of("D"), plan.added());
        assertEquals(List.of("A"), plan.unchanged());
    }

    @Test
    void aSyncGroupMovesAsOne() {
        Map<String, List<String>> group = Map.of("G", List.of("A", "B"));
        ReloadPlan plan = ReloadPlan.of(running(binding("A", 1, 150), binding("B", 2, 150), binding("C", 3, 100)),
                group, List.of(binding("A", 1, 150), binding("B", 2, 110), binding("C", 3, 100)), group);
        assertEquals(List.of("A", "B"), plan.restarted(), "B changed, so its group partner restarts too");
        assertEquals(List.of("C"), plan.unchanged());
    }

    @Test
    void joiningAGroupRestartsTheMembers() {
        ReloadPlan plan = ReloadPlan.of(running(binding("A", 1, 150), binding("B", 2, 150)), Map.of(),
                List.of(binding("A", 1, 150), binding("B", 2, 150)), Map.of("G", List.of("A", "B")));
        assertEquals(List.of("A", "B"), plan.restarted());
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
