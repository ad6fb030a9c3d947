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
        return binding(name, vrid, priority, "eth0", 24);
    }

    private static InstanceBinding binding(String name, int vrid, int priority, String device, int vipPrefix) {
        InetAddress source = address("198.18.0.1");
        List<InetAddress> vips = List.of(address("198.18.0." + (100 + vrid)));
        return new InstanceBinding(InstanceSpec.of(name, vrid, 3, priority, 100, source, vips), device,
                AdvertProfile.multicast(vrid, 3, IpFamily.IPV4, 100, vips),
                List.of(new Vip(vips.getFirst(), vipPrefix, device, null, 0, null)), null);
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
        assertEquals(List.of("B"), plan.updated(), "a priority changes in place");
        assertEquals(List.of(), plan.restarted());
        assertEquals(List.of("D"), plan.added());
        assertEquals(List.of("A"), plan.unchanged());
    }

    @Test
    void whatKeepalivedMatchesOnOrTheSocketsAreBuiltFromRestarts() {
        ReloadPlan plan = ReloadPlan.of(running(binding("A", 1, 150), binding("B", 2, 100), binding("C", 3, 100)),
                Map.of(), List.of(binding("A", 1, 150, "eth1", 24), binding("B", 2, 100, "eth0", 32),
                        binding("C", 3, 90)), Map.of());
        assertEquals(List.of("A", "B"), plan.restarted(), "another interface; a VIP on another prefix");
        assertEquals(List.of("C"), plan.updated());
        assertEquals("interface", ReloadPlan.needsRestart(binding("A", 1, 150), binding("A", 1, 150, "eth1", 24)));
        assertEquals(null, ReloadPlan.needsRestart(binding("A", 1, 150), binding("A", 1, 90)));
    }

    @Test
    void aSyncGroupMemberChangedInPlaceLeavesItsPartnerAlone() {
        Map<String, List<String>> group = Map.of("G", List.of("A", "B"));
        ReloadPlan plan = ReloadPlan.of(running(binding("A", 1, 150), binding("B", 2, 150), binding("C", 3, 100)),
                group, List.of(binding("A", 1, 150), binding("B", 2, 110), binding("C", 3, 100)), group);
        assertEquals(List.of("B"), plan.updated());
        assertEquals(List.of("A", "C"), plan.unchanged());
    }

    @Test
    void aSyncGroupMovesAsOneWhenAMemberRestarts() {
        Map<String, List<String>> group = Map.of("G", List.of("A", "B"));
        ReloadPlan plan = ReloadPlan.of(running(binding("A", 1, 150), binding("B", 2, 150), binding("C", 3, 100)),
                group, List.of(binding("A", 1, 150), binding("B", 2, 150, "eth1", 24), binding("C", 3, 100)), group);
        assertEquals(List.of("A", "B"), plan.restarted(), "B moved interface, so its group partner restarts too");
        assertEquals(List.of("C"), plan.unchanged());
    }

    @Test
    void leavingAGroupRestartsTheRemainingMembers() {
        ReloadPlan plan = ReloadPlan.of(running(binding("A", 1, 150), binding("B", 2, 150), binding("C", 3, 150)),
                Map.of("G", List.of("A", "B", "C")), List.of(binding("A", 1, 150), binding("B", 2, 150),
                        binding("C", 3, 150)), Map.of("G", List.of("A", "B")));
        assertEquals(List.of("A", "B", "C"), plan.restarted());
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
