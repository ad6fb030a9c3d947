package io.vigil.director.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigil.dataplane.api.RecordingDataplane;
import io.vigil.dataplane.api.Timeouts;
import io.vigil.director.config.ConfigLoad;
import io.vigil.director.config.ConfigLoader;
import io.vigil.director.health.HealthSpecMapper;
import io.vigil.vrrp.fsm.VrrpState;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The announcement policy of {@link Conductor}: a VIP is announced while forwarded and every service on it has quorum. */
class ConductorAnnouncementTest {

    /** Two services on the announced VIP .100 (no vrrp_instance), one on .200 carried by VI_1. */
    private static final String CONFIG = """
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 52
                virtual_ipaddress {
                    198.18.0.200/24
                }
            }
            virtual_server 198.18.0.100 80 {
                lb_algo mh
                lb_kind DR
                protocol TCP
                real_server 198.18.1.1 80 {
                }
            }
            virtual_server 198.18.0.100 443 {
                lb_algo mh
                lb_kind DR
                protocol TCP
                real_server 198.18.1.1 443 {
                }
            }
            virtual_server 198.18.0.200 80 {
                lb_algo mh
                lb_kind DR
                protocol TCP
                real_server 198.18.1.1 80 {
                }
            }
            """;
    private static final String WEB = "[198.18.0.100]:tcp:80";
    private static final String TLS = "[198.18.0.100]:tcp:443";
    private static final String BACKED = "[198.18.0.200]:tcp:80";

    @TempDir
    Path dir;

    private Conductor conductor(RecordingRouteAnnouncer announcer) throws Exception {
        Path file = dir.resolve("keepalived.conf");
        Files.writeString(file, CONFIG);
        ConfigLoad load = new ConfigLoader("id", false, Set.of("eth0")::contains).load(file);
        List<ServiceProgram> programs = ServiceMapper.map(load.config(),
                HealthSpecMapper.map(load.config()).services(), w -> { });
        Conductor c = new Conductor(new RecordingDataplane(), programs, ServiceMapper.instanceVips(load.config()),
                Timeouts.IPVS_DEFAULTS);
        c.announceThrough(announcer, Set.of(InetAddress.getByName("198.18.0.100"),
                InetAddress.getByName("198.18.0.200")));
        return c;
    }

    @Test
    void aVipIsAnnouncedWhileEveryServiceOnItHoldsQuorum() throws Exception {
        RecordingRouteAnnouncer announcer = new RecordingRouteAnnouncer();
        Conductor c = conductor(announcer);
        assertEquals(List.of(), announcer.takeCalls(), "no quorum heard yet: nothing announced");
        c.quorumChanged(WEB, true);
        assertEquals(List.of(), announcer.takeCalls(), "port 443 has no quorum yet");
        c.quorumChanged(TLS, true);
        assertEquals(List.of("announce 198.18.0.100"), announcer.takeCalls());
        c.quorumChanged(TLS, false);
        assertEquals(List.of("withdraw 198.18.0.100"), announcer.takeCalls());
        c.quorumChanged(TLS, true);
        assertEquals(List.of("announce 198.18.0.100"), announcer.takeCalls());
        assertEquals(Set.of(InetAddress.getByName("198.18.0.100")), c.announcedVips());
    }

    @Test
    void aVipCarriedByVrrpIsAnnouncedOnlyWhileMaster() throws Exception {
        RecordingRouteAnnouncer announcer = new RecordingRouteAnnouncer();
        Conductor c = conductor(announcer);
        c.quorumChanged(BACKED, true);
        assertEquals(List.of(), announcer.takeCalls(), "BACKUP does not forward 198.18.0.200");
        c.instanceState("VI_1", VrrpState.MASTER);
        assertEquals(List.of("announce 198.18.0.200"), announcer.takeCalls());
        c.instanceState("VI_1", VrrpState.BACKUP);
        assertEquals(List.of("withdraw 198.18.0.200"), announcer.takeCalls());
    }

    @Test
    void shutdownWithdrawsForGoodBeforeForwardingStops() throws Exception {
        RecordingRouteAnnouncer announcer = new RecordingRouteAnnouncer();
        Conductor c = conductor(announcer);
        c.quorumChanged(WEB, true);
        c.quorumChanged(TLS, true);
        announcer.takeCalls();
        assertEquals(Set.of(InetAddress.getByName("198.18.0.100")), c.withdrawAll());
        assertEquals(List.of("withdraw 198.18.0.100"), announcer.takeCalls());
        c.quorumChanged(WEB, false);
        c.quorumChanged(WEB, true);
        c.close();
        assertEquals(List.of(), announcer.takeCalls(), "nothing announced again after the withdrawal");
        assertEquals(Set.of(), c.announcedVips());
    }
}
