package io.vigil.director.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.api.ForwardingMethod;
import io.vigil.dataplane.api.Protocol;
import io.vigil.dataplane.api.RecordingDataplane;
import io.vigil.dataplane.api.Scheduler;
import io.vigil.dataplane.api.SchedulerFlag;
import io.vigil.dataplane.api.Service;
import io.vigil.dataplane.api.ServiceKey;
import io.vigil.dataplane.api.Timeouts;
import io.vigil.director.config.ConfigLoad;
import io.vigil.director.config.ConfigLoader;
import io.vigil.director.health.HealthSpecMapper;
import io.vigil.healthcheck.event.PoolEntry;
import io.vigil.vrrp.fsm.VrrpState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConductorTest {

    private static final String CONFIG = """
            vrrp_instance VI_1 {
                state BACKUP
                interface eth0
                virtual_router_id 51
                priority 100
                virtual_ipaddress {
                    198.18.0.10/24
                }
            }
            virtual_server 198.18.0.10 80 {
                lb_algo wrr
                lb_kind NAT
                protocol TCP
                persistence_timeout 600
                persistence_granularity 255.255.255.0
                real_server 198.18.1.1 8080 {
                    weight 3
                }
                real_server 198.18.1.2 8080 {
                    weight 1
                    lvs_method DR
                    uthreshold 100
                }
            }
            virtual_server 198.18.0.20 53 {
                lb_algo sh
                lb_kind DR
                protocol UDP
                sh-port
                ops
                real_server 198.18.1.3 53 {
                }
            }
            """;

    @TempDir
    Path dir;

    private List<ServiceProgram> programs(List<String> warnings) throws IOException {
        Path file = dir.resolve("keepalived.conf");
        Files.writeString(file, CONFIG);
        ConfigLoad load = new ConfigLoader("id", false, Set.of("eth0")::contains).load(file);
        return ServiceMapper.map(load.config(), HealthSpecMapper.map(load.config()).services(), warnings::add);
    }

    @Test
    void mapsVirtualServersToIpvsServices() throws IOException {
        List<String> warnings = new ArrayList<>();
        List<ServiceProgram> programs = programs(warnings);
        assertEquals(2, programs.size());
        Service web = programs.get(0).services().getFirst();
        assertEquals(ServiceKey.of(Protocol.TCP, InetAddress.getByName("198.18.0.10"), 80), web.key());
        assertEquals(Scheduler.WRR, web.scheduler());
        assertEquals(600, web.persistenceSeconds());
        assertEquals(24, web.persistencePrefix());
        var dr = programs.get(0).destination(new InetSocketAddress("198.18.1.2", 8080), 1);
        assertEquals(ForwardingMethod.DR, dr.method());
        assertEquals(100, dr.upperThreshold());
        Service dns = programs.get(1).services().getFirst();
        assertEquals(Set.of(SchedulerFlag.FLAG_2, SchedulerFlag.ONE_PACKET), dns.flags());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("198.18.1.2:8080 is DR")), warnings.toString());
    }

    @Test
    void theSyncRoleFollowsItsInstance() throws IOException {
        RecordingDataplane dp = new RecordingDataplane();
        Conductor c = new Conductor(dp, programs(new ArrayList<>()),
                Map.of("VI_1", Set.of(InetAddress.getByName("198.18.0.10")), "VI_2", Set.of()), Timeouts.IPVS_DEFAULTS);
        dp.clearCalls();
        c.followSync("VI_1");
        c.instanceState("VI_2", VrrpState.MASTER);
        c.instanceState("VI_1", VrrpState.MASTER);
        c.instanceState("VI_1", VrrpState.FAULT);
        c.close();
        assertEquals(List.of("syncRole BACKUP", "syncRole MASTER", "activate [198.18.0.10, 198.18.0.20]",
                "syncRole BACKUP", "activate [198.18.0.20]", "syncRole NONE", "deactivate"), dp.calls());
    }

    @Test
    void poolsBecomeKeyedCommandsAndActivationFollowsVrrp() throws IOException {
        RecordingDataplane dp = new RecordingDataplane();
        Conductor c = new Conductor(dp, programs(new ArrayList<>()),
                Map.of("VI_1", Set.of(InetAddress.getByName("198.18.0.10"))), new Timeouts(7200, 120, 300));
        // 198.18.0.20 is carried by no vrrp_instance: it forwards at once.
        assertEquals(List.of("setTimeouts 7200 120 300", "addService TCP 198.18.0.10:80 wrr persistent 600",
                "addService UDP 198.18.0.20:53 sh", "activate [198.18.0.20]"), dp.calls());
        dp.clearCalls();

        String web = "[198.18.0.10]:tcp:80";
        InetSocketAddress a = new InetSocketAddress("198.18.1.1", 8080);
        InetSocketAddress b = new InetSocketAddress("198.18.1.2", 8080);
        c.poolChanged(web, List.of(new PoolEntry(a, 3), new PoolEntry(b, 1)));
        c.poolChanged(web, List.of(new PoolEntry(a, 3), new PoolEntry(b, 1)));
        c.poolChanged(web, List.of(new PoolEntry(a, 0)));
        assertEquals(List.of("setRealServer TCP 198.18.0.10:80 198.18.1.1:8080 w=3 NAT",
                "setRealServer TCP 198.18.0.10:80 198.18.1.2:8080 w=1 DR",
                "setRealServer TCP 198.18.0.10:80 198.18.1.1:8080 w=0 NAT",
                "removeRealServer TCP 198.18.0.10:80 198.18.1.2:8080"), dp.calls());
        dp.clearCalls();

        c.instanceState("VI_1", VrrpState.MASTER);
        c.instanceState("VI_1", VrrpState.MASTER);
        c.instanceState("VI_1", VrrpState.BACKUP);
        c.close();
        assertEquals(List.of("activate [198.18.0.10, 198.18.0.20]", "activate [198.18.0.20]", "deactivate"), dp.calls());
    }

    @Test
    void aReloadAppliesAKeyedDiffAndLeavesUnchangedServicesAlone() throws IOException {
        RecordingDataplane dp = new RecordingDataplane();
        List<ServiceProgram> before = programs(new ArrayList<>());
        Map<String, Set<InetAddress>> vips = Map.of("VI_1", Set.of(InetAddress.getByName("198.18.0.10")));
        Conductor c = new Conductor(dp, before, vips, Timeouts.IPVS_DEFAULTS);
        String web = "[198.18.0.10]:tcp:80";
        InetSocketAddress a = new InetSocketAddress("198.18.1.1", 8080);
        c.poolChanged(web, List.of(new PoolEntry(a, 3)));
        c.instanceState("VI_1", VrrpState.MASTER);
        dp.clearCalls();

        // The same programs: nothing to do.
        c.reconfigure(before, vips, Timeouts.IPVS_DEFAULTS);
        assertEquals(List.of("atomically {", "setTimeouts 900 120 300", "}"), dp.calls());
        dp.clearCalls();

        // web changes scheduler and its real server's method; dns is removed.
        ServiceProgram oldWeb = before.get(0);
        Service rr = new Service(oldWeb.services().getFirst().key(), Scheduler.RR, Set.of(), 0, 32);
        ServiceProgram newWeb = new ServiceProgram(oldWeb.name(), oldWeb.address(), List.of(rr), ForwardingMethod.DR,
                Map.of(a, io.vigil.dataplane.api.RealServer.of(a, 3, ForwardingMethod.DR)));
        c.reconfigure(List.of(newWeb), vips, Timeouts.IPVS_DEFAULTS);
        assertEquals(List.of("atomically {", "setTimeouts 900 120 300", "removeService UDP 198.18.0.20:53",
                "addService TCP 198.18.0.10:80 rr", "setRealServer TCP 198.18.0.10:80 198.18.1.1:8080 w=3 DR",
                "activate [198.18.0.10]", "}"), dp.calls());
    }

    @Test
    void aVirtualServerAddedByAReloadGetsThePoolTheHealthChecksPublishedBeforeIt() throws IOException {
        RecordingDataplane dp = new RecordingDataplane();
        List<ServiceProgram> all = programs(new ArrayList<>());
        ServiceProgram dns = all.get(1);
        Conductor c = new Conductor(dp, List.of(all.get(0)), Map.of(), Timeouts.IPVS_DEFAULTS);
        InetSocketAddress r = new InetSocketAddress("198.18.1.2", 53);
        c.poolChanged(dns.name(), List.of(new PoolEntry(r, 2))); // the health loop runs the reload first
        dp.clearCalls();
        c.reconfigure(all, Map.of(), Timeouts.IPVS_DEFAULTS);
        assertTrue(dp.calls().stream().anyMatch(x -> x.startsWith("setRealServer UDP 198.18.0.20:53 198.18.1.2:53 w=2")),
                dp.calls().toString());
        assertTrue(dp.realServers(dns.services().getFirst().key()).containsKey(r));
    }

    @Test
    void whatCannotBeForwardedIsSkippedWithAWarningThatSaysWhere() throws IOException {
        Path file = dir.resolve("v6.conf");
        Files.writeString(file, """
                virtual_server fd00::10 80 {
                    lb_kind TUN
                    protocol TCP
                    real_server fd00::1 80 {
                    }
                }
                virtual_server 127.0.0.1 80 {
                    protocol TCP
                    real_server 127.0.0.1 8080 {
                    }
                }
                virtual_server fwmark 7 {
                    real_server 198.18.1.1 80 {
                    }
                }
                """);
        ConfigLoad load = new ConfigLoader("id", false, Set.of("eth0")::contains).load(file);
        List<String> warnings = new ArrayList<>();
        assertEquals(List.of(), ServiceMapper.map(load.config(), HealthSpecMapper.map(load.config()).services(), warnings::add));
        assertTrue(warnings.stream().anyMatch(w -> w.contains("v6.conf:1") && w.contains("TUN over IPv6")), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("loopback")), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("fwmark services are not forwarded")), warnings.toString());
    }
}
