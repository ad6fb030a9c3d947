package io.vigil.director.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.director.config.ConfigLoad;
import io.vigil.director.config.ConfigLoader;
import io.vigil.vrrp.fsm.TrackerKind;
import io.vigil.vrrp.fsm.TrackerSpec;
import io.vigil.vrrp.fsm.VrrpState;
import io.vigil.vrrp.io.InstanceBinding;
import io.vigil.vrrp.wire.AuthType;
import io.vigil.vrrp.wire.ChecksumMode;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VrrpBindingsTest {

    @TempDir
    Path dir;

    private static final InterfaceAddresses ADDRESSES = (name, ipv6) -> Optional.of(address(ipv6 ? "fe80::1" : "198.18.0.1"));

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private VrrpBindings load(String text) throws Exception {
        Path file = dir.resolve("keepalived.conf");
        Files.writeString(file, text);
        ConfigLoad load = new ConfigLoader("test", false, name -> true).load(file);
        assertTrue(load.exitCode() == 0, load.diagnostics().toString());
        return new VrrpBindings(load.config(), ADDRESSES);
    }

    private static TrackerSpec tracker(InstanceBinding b, TrackerKind kind, String name) {
        return b.spec().trackers().stream().filter(t -> t.kind() == kind && t.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " tracker " + name + " in " + b.spec().trackers()));
    }

    @Test
    void mapsAnInstanceWithKeepalivedsTrackerRules() throws Exception {
        VrrpBindings bindings = load("""
                vrrp_script chk {
                    script "/bin/true"
                    weight -30
                }
                vrrp_script chk2 {
                    script "/bin/true"
                }
                vrrp_instance VI_1 {
                    state MASTER
                    interface eth0
                    virtual_router_id 7
                    priority 150
                    advert_int 2
                    version 2
                    authentication {
                        auth_type PASS
                        auth_pass secret
                    }
                    virtual_ipaddress {
                        198.18.0.100/24 dev eth1 label eth1:vip
                    }
                    virtual_ipaddress_excluded {
                        198.18.0.200
                    }
                    track_interface {
                        eth2 weight 10
                    }
                    track_script {
                        chk
                        chk2 weight 5
                    }
                }
                """);
        InstanceBinding b = bindings.instances().getFirst();
        assertEquals("eth0", b.interfaceName());
        assertEquals(VrrpState.MASTER, b.spec().initialState());
        assertEquals(200, b.spec().advertIntervalCentis());
        assertEquals(address("198.18.0.1"), b.spec().primaryAddress());
        assertTrue(b.sourceFollowsInterface(), "no mcast_src_ip: the source is the interface's primary address");
        assertEquals(AuthType.PASS, b.profile().authType());
        assertEquals("secret", b.profile().authPassword());
        assertEquals(List.of(address("198.18.0.100")), b.profile().virtualAddresses(), "excluded VIPs are not advertised");
        assertEquals(2, b.vips().size());
        assertEquals("eth1", b.vips().getFirst().device());
        assertEquals("eth1:vip", b.vips().getFirst().label());
        assertEquals(24, b.vips().getFirst().prefixLength());
        assertEquals("eth0", b.vips().get(1).device());
        assertEquals(0, tracker(b, TrackerKind.INTERFACE, "eth0").weight(), "own interface is tracked unweighted");
        assertEquals(10, tracker(b, TrackerKind.INTERFACE, "eth2").weight());
        assertEquals(-30, tracker(b, TrackerKind.SCRIPT, "chk").weight(), "the script's weight applies");
        assertEquals(5, tracker(b, TrackerKind.SCRIPT, "chk2").weight(), "track_script weight overrides");
        assertEquals(Map.of(), bindings.syncGroups());
    }

    @Test
    void syncGroupMembersIgnoreWeightsAndInheritTheGroupsTrackers() throws Exception {
        VrrpBindings bindings = load("""
                vrrp_script chk {
                    script "/bin/true"
                    weight -30
                }
                vrrp_sync_group G {
                    group {
                        VI_1
                        VI_2
                    }
                    track_script {
                        chk
                    }
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 1
                    dont_track_primary
                    unicast_src_ip 198.18.0.5
                    unicast_peer {
                        198.18.0.6
                    }
                    v3_checksum_as_v2
                    virtual_ipaddress {
                        198.18.0.100
                    }
                }
                vrrp_instance VI_2 {
                    interface eth0
                    virtual_router_id 2
                    virtual_ipaddress {
                        198.18.0.101
                    }
                }
                """);
        assertEquals(Map.of("G", List.of("VI_1", "VI_2")), bindings.syncGroups());
        InstanceBinding one = bindings.instances().getFirst();
        assertEquals("G", one.syncGroup());
        assertEquals(0, tracker(one, TrackerKind.SCRIPT, "chk").weight(), "weights are ignored in a sync group");
        assertTrue(one.spec().trackers().stream().noneMatch(t -> t.kind() == TrackerKind.INTERFACE),
                "dont_track_primary drops the own-interface tracker");
        assertEquals(address("198.18.0.5"), one.spec().primaryAddress());
        assertFalse(one.sourceFollowsInterface(), "unicast_src_ip fixes the source");
        assertEquals(List.of(address("198.18.0.6")), one.profile().unicastPeers());
        assertEquals(ChecksumMode.V3_AS_V2, one.profile().checksumMode());
        assertEquals(100, one.spec().basePriority(), "keepalived's default priority");
    }

    @Test
    void anInterfaceWithoutAnAddressYetStartsFromThePlaceholderAndFollowsTheInterface() throws Exception {
        Path file = dir.resolve("keepalived.conf");
        Files.writeString(file, """
                vrrp_instance VI_9 {
                    interface eth7
                    virtual_router_id 9
                    virtual_ipaddress {
                        198.18.0.100
                    }
                }
                """);
        ConfigLoad load = new ConfigLoader("test", false, name -> true).load(file);
        VrrpBindings bindings = new VrrpBindings(load.config(), (name, ipv6) -> Optional.empty());
        InstanceBinding b = bindings.instances().getFirst();
        assertEquals(address("0.0.0.0"), b.spec().primaryAddress(), "the VRRP loop waits in FAULT for an address");
        assertTrue(b.sourceFollowsInterface());
        assertEquals("eth7", b.interfaceName());
    }
}
