package io.vigil.director.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ConfigDiff}: every kind of element added, removed and changed, keyed as keepalived keys it. */
class ConfigDiffTest {

    private static final String BASE = """
            global_defs {
                router_id lb1
            }
            vrrp_script chk {
                script "/bin/true"
                interval 2
            }
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                priority 150
                virtual_ipaddress {
                    198.18.0.100/24
                }
                track_script {
                    chk
                }
            }
            vrrp_instance VI_2 {
                interface eth0
                virtual_router_id 52
                virtual_ipaddress {
                    198.18.0.101/24
                }
            }
            virtual_server 198.18.0.100 80 {
                protocol TCP
                lvs_sched rr
                lvs_method NAT
                real_server 198.18.1.2 80 {
                    weight 1
                    TCP_CHECK {
                        connect_timeout 2
                    }
                }
                real_server 198.18.1.3 80 {
                    weight 1
                    TCP_CHECK {
                        connect_timeout 2
                    }
                }
            }
            virtual_server fwmark 5 {
                lvs_sched sh
                real_server 198.18.1.4 {
                    weight 2
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void sameContentWrittenElsewhereChangesNothing() throws IOException {
        String moved = "# a comment that shifts every line\n\n" + BASE.replace("""
                            weight 1
                            TCP_CHECK""", """
                            weight   1
                            TCP_CHECK""");
        ConfigDiff diff = diff(BASE, moved);
        assertTrue(diff.isEmpty(), diff.lines().toString());
        assertEquals(List.of(), diff.lines());
    }

    @Test
    void instancesAddedRemovedAndChangedByName() throws IOException {
        String after = BASE.replace("priority 150", "priority 120\n    advert_int 2")
                .replace("vrrp_instance VI_2 {", "vrrp_instance VI_3 {");
        ConfigDiff diff = diff(BASE, after);
        Changes<VrrpInstance> vi = diff.vrrpInstances();
        assertEquals(List.of("VI_3"), vi.added().stream().map(VrrpInstance::name).toList());
        assertEquals(List.of("VI_2"), vi.removed().stream().map(VrrpInstance::name).toList());
        assertEquals(1, vi.changed().size());
        assertEquals("VI_1", vi.changed().getFirst().key());
        assertEquals(List.of("priority", "advert_interval"), vi.changed().getFirst().keywords());
        assertEquals(List.of("+ vrrp_instance VI_3", "- vrrp_instance VI_2",
                "~ vrrp_instance VI_1: priority, advert_interval"), diff.lines());
        assertTrue(diff.addedVirtualServers().isEmpty() && diff.changedVirtualServers().isEmpty());
    }

    @Test
    void realServerWeightChangeIsAChangeOfThatRealServerOnly() throws IOException {
        String after = BASE.replaceFirst("weight 1", "weight 3");
        ConfigDiff diff = diff(BASE, after);
        assertEquals(1, diff.changedVirtualServers().size());
        VirtualServerChange vs = diff.changedVirtualServers().getFirst();
        assertEquals("[198.18.0.100]:tcp:80", vs.key());
        assertEquals(List.of(), vs.keywords());
        assertEquals(1, vs.realServers().changed().size());
        Change<RealServer> rs = vs.realServers().changed().getFirst();
        assertEquals("198.18.1.2:80", rs.key());
        assertEquals(List.of("weight"), rs.keywords());
        assertEquals(1, rs.before().weight());
        assertEquals(3, rs.after().weight());
        assertEquals(List.of("~ real_server 198.18.1.2:80 of virtual_server [198.18.0.100]:tcp:80: weight"),
                diff.lines());
    }

    @Test
    void realServersAddedRemovedAndCheckerChanged() throws IOException {
        String after = BASE.replace("real_server 198.18.1.3 80", "real_server 198.18.1.5 80")
                .replaceFirst("connect_timeout 2", "connect_timeout 3");
        VirtualServerChange vs = diff(BASE, after).changedVirtualServers().getFirst();
        assertEquals(List.of("198.18.1.5:80"), vs.realServers().added().stream().map(ConfigDiff::realServerKey).toList());
        assertEquals(List.of("198.18.1.3:80"), vs.realServers().removed().stream().map(ConfigDiff::realServerKey).toList());
        assertEquals(List.of("checkers"), vs.realServers().changed().getFirst().keywords());
    }

    @Test
    void virtualServersKeyedByAddressProtocolPortOrFwmark() throws IOException {
        String after = BASE.replace("lvs_sched sh", "lvs_sched rr")
                .replace("virtual_server 198.18.0.100 80 {\n    protocol TCP", "virtual_server 198.18.0.100 80 {\n    protocol UDP");
        ConfigDiff diff = diff(BASE, after);
        assertEquals(List.of("[198.18.0.100]:udp:80"), diff.addedVirtualServers().stream().map(VirtualServer::label).toList());
        assertEquals(List.of("[198.18.0.100]:tcp:80"), diff.removedVirtualServers().stream().map(VirtualServer::label).toList());
        VirtualServerChange fwm = diff.changedVirtualServers().getFirst();
        assertEquals("fwmark 5", fwm.key());
        assertEquals(List.of("lvs_sched"), fwm.keywords());
        assertTrue(fwm.realServers().isEmpty());
    }

    @Test
    void scriptsAndGlobalDefs() throws IOException {
        String after = BASE.replace("interval 2", "interval 3").replace("router_id lb1", "router_id lb2")
                + "vrrp_script chk2 {\n    script \"/bin/false\"\n}\n";
        ConfigDiff diff = diff(BASE, after);
        assertEquals(List.of("router_id"), diff.globalDefs());
        assertEquals(List.of("chk2"), diff.vrrpScripts().added().stream().map(VrrpScript::name).toList());
        assertEquals(List.of("interval", "timeout"), diff.vrrpScripts().changed().getFirst().keywords(),
                "timeout defaults to interval");
        assertTrue(diff.vrrpInstances().isEmpty(), "a script's change is not its tracker's change");
    }

    @Test
    void syncGroupsKeyedByName() throws IOException {
        String group = "vrrp_sync_group G {\n    group {\n        VI_1\n        VI_2\n    }\n}\n";
        ConfigDiff diff = diff(BASE, BASE + group);
        assertEquals(List.of("G"), diff.vrrpSyncGroups().added().stream().map(VrrpSyncGroup::name).toList());
        assertEquals(List.of("+ vrrp_sync_group G"), diff.lines());
        ConfigDiff back = diff(BASE + group, BASE);
        assertEquals(List.of("G"), back.vrrpSyncGroups().removed().stream().map(VrrpSyncGroup::name).toList());
    }

    private ConfigDiff diff(String before, String after) throws IOException {
        return ConfigDiff.between(load("before.conf", before), load("after.conf", after));
    }

    private KeepalivedConfig load(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        ConfigLoad load = new ConfigLoader("id", false, n -> true).load(f);
        assertTrue(load.exitCode() != 3, load.diagnostics().toString());
        return load.config();
    }
}
