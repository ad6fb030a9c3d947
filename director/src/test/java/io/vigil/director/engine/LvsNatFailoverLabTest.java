package io.vigil.director.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.lab.LabProcess;
import io.vigil.dataplane.lab.NetnsLab;
import io.vigil.director.lab.Lan;
import io.vigil.director.lab.Nginx;
import io.vigil.director.lab.VigilPeer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The classic LVS-NAT pair of {@code conf/lvs-nat}, unchanged: clients on 198.18.10.0/24 reach the VIP, the real
 * servers on 198.18.11.0/24 route through the gateway VIP, and both VIPs move together as one sync group. Through
 * the MASTER: rr exactly, the client's own address at nginx, replies counted; a stopped nginx is pruned by its
 * TCP_CHECK and no request fails after the prune; kill -9 of the MASTER under a client loop hands both VIPs to the
 * BACKUP, which serves, with failures only inside the VRRP failover window; the killed daemon's steering table is
 * removed at its next start (TPACKET) or went with the process (XDP). Each case runs on both backends.
 */
@Tag("netns")
class LvsNatFailoverLabTest {

    @RegisterExtension
    static final NetnsLab lab = new NetnsLab();

    private static final Path CONF = Path.of("..", "conf", "lvs-nat").toAbsolutePath().normalize();
    private static final String VIP = "198.18.10.100";

    @ParameterizedTest
    @ValueSource(strings = {"tpacket", "xdp"})
    void natThroughTheSyncGroupSurvivesPruneAndKillMinus9(String backend) throws Exception {
        LvsNatSegments segments = LvsNatSegments.build(lab, List.of("d1", "d2"), List.of("rs1", "rs2"));
        Lan outside = segments.outside();
        Lan inside = segments.inside();
        Path dir = Files.createTempDirectory("vigil-lvs-nat");
        try (Nginx rs1 = Nginx.start(inside.host("rs1"), dir.resolve("rs1"), "0.0.0.0:8080", "served by rs1");
             Nginx rs2 = Nginx.start(inside.host("rs2"), dir.resolve("rs2"), "0.0.0.0:8080", "served by rs2");
             VigilPeer master = VigilPeer.start(outside.host("d1"), dir.resolve("vigil-d1"),
                     Files.readString(CONF.resolve("master.conf")), backendSetting(backend));
             VigilPeer backup = VigilPeer.start(outside.host("d2"), dir.resolve("vigil-d2"),
                     Files.readString(CONF.resolve("backup.conf")), backendSetting(backend))) {
            master.awaitState("VI_OUTSIDE", "MASTER", Duration.ofSeconds(20));
            master.awaitState("VI_INSIDE", "MASTER", Duration.ofSeconds(20));
            backup.awaitState("VI_INSIDE", "BACKUP", Duration.ofSeconds(20));
            TakeoverUnderLoad.awaitPool(master, "198.18.11.1:8080", "198.18.11.2:8080");

            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(curl(outside));
            }
            assertEquals(List.of(answers.get(0), answers.get(1), answers.get(0), answers.get(1), answers.get(0),
                    answers.get(1)), answers, "rr alternates exactly");
            assertTrue(answers.containsAll(List.of("served by rs1", "served by rs2")), answers.toString());
            assertTrue(Files.readString(dir.resolve("rs1/access.log")).contains("198.18.10.1 - "),
                    "the real server sees the client's own address");
            String stats = stats(outside, master);
            System.out.println(stats);
            long[] row = LvsDirectLabTest.serviceRow(stats, "TCP  " + VIP + ":80");
            assertEquals(6, row[0], stats);
            assertTrue(row[2] >= 6 * 4, "OutPkts: NAT replies come back through the director\n" + stats);
            String status = master.status(false);
            assertTrue(status.contains(backend + " on eth0") && status.contains(backend + " on eth1"), status);

            // A real server stopped: its TCP_CHECK prunes it, and then every request reaches rs2.
            rs1.stop();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !master.list(false).contains("-> 198.18.11.1:8080"));
            for (int i = 0; i < 6; i++) {
                assertEquals("served by rs2", curl(outside), "no request fails after the prune");
            }
            rs1.start();
            TakeoverUnderLoad.awaitPool(master, "198.18.11.1:8080", "198.18.11.2:8080");

            // kill -9 the MASTER under a client loop: the BACKUP takes both VIPs and serves.
            int failed = 0;
            int served = 0;
            long killedAt = 0;
            long firstServedAfter = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(25).toNanos();
            while (System.nanoTime() < deadline && (firstServedAfter == 0 || served < 10)) {
                if (served == 5 && killedAt == 0) {
                    master.process().kill();
                    killedAt = System.nanoTime();
                }
                String answer = curl(outside);
                if (answer.startsWith("served by")) {
                    served++;
                    if (killedAt != 0 && firstServedAfter == 0) {
                        firstServedAfter = System.nanoTime();
                    }
                } else if (killedAt != 0) {
                    failed++;
                } else {
                    throw new AssertionError("a request failed before the kill: " + answer);
                }
            }
            assertTrue(firstServedAfter > 0, "the backup never served:\n" + backup.log());
            double window = (firstServedAfter - killedAt) / 1e9;
            System.out.printf("failover: %d requests failed, served again %.2f s after kill -9%n", failed, window);
            // advert_int 1: master down after 3 x 1 s + skew, then the GARP; curl times out after 1 s.
            assertTrue(window < 6, "served again " + window + " s after the kill");
            assertEquals("MASTER", backup.lastState("VI_OUTSIDE"));
            assertEquals("MASTER", backup.lastState("VI_INSIDE"));

            if (backend.equals("tpacket")) {
                // The killed daemon left its steering table; its next start removes it.
                assertTrue(outside.host("d1").exec("nft", "list", "tables").orThrow().stdout().contains("netdev vigil"));
                try (VigilPeer again = VigilPeer.start(outside.host("d1"), dir.resolve("vigil-d1-again"),
                        Files.readString(CONF.resolve("master.conf")), backendSetting(backend))) {
                    assertTrue(again.log().contains("removed the steering table"), again.log());
                }
            } else {
                // No nftables with XDP, and the program left with the killed process (its BPF link closed).
                assertTrue(!outside.host("d1").exec("nft", "list", "tables").orThrow().stdout().contains("vigil"));
                for (String dev : List.of("eth0", "eth1")) {
                    String link = outside.host("d1").exec("ip", "link", "show", "dev", dev).orThrow().stdout();
                    assertTrue(!link.contains("prog/xdp"), link);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tpacket", "xdp"})
    void udpThroughNatWithOnePacketScheduling(String backend) throws Exception {
        Lan outside = Lan.build(lab, "198.18.12", "c", "d");
        Lan inside = Lan.build(lab, "198.18.13", "rs1", "rs2");
        lab.veth(inside.switchNamespace(), "p9", null, outside.host("d"), "eth1", "198.18.13.254/24");
        lab.attach(inside.switchNamespace(), "p9", "br0");
        lab.address(outside.host("d"), "eth0", "198.18.12.100/24");
        List<LabProcess> echo = new ArrayList<>();
        for (String rs : List.of("rs1", "rs2")) {
            inside.host(rs).exec("ip", "route", "add", "default", "via", "198.18.13.254").orThrow();
            echo.add(UdpNameResponder.start(inside.host(rs), 5353, rs));
        }
        String config = """
                virtual_server 198.18.12.100 53 {
                    delay_loop 1
                    lb_algo rr
                    lb_kind NAT
                    protocol UDP
                    ops
                    real_server 198.18.13.1 5353 {
                        UDP_CHECK {
                            connect_timeout 1
                        }
                    }
                    real_server 198.18.13.2 5353 {
                        UDP_CHECK {
                            connect_timeout 1
                        }
                    }
                }
                """;
        Path dir = Files.createTempDirectory("vigil-lvs-nat-udp");
        try (VigilPeer director = VigilPeer.start(outside.host("d"), dir.resolve("vigil"), config, backendSetting(backend))) {
            TakeoverUnderLoad.awaitPool(director, "198.18.13.1:5353", "198.18.13.2:5353");
            // Ready when a first datagram is answered: the pool is listed before the ports and the steering of a
            // just-started dataplane are in place, and a datagram in that moment goes unanswered.
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> !udpQuery(outside).isEmpty());
            long[] before = LvsDirectLabTest.serviceRow(udpStats(outside, director), "UDP  198.18.12.100:53");
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(udpQuery(outside));
            }
            assertEquals(List.of(answers.get(0), answers.get(1), answers.get(0), answers.get(1)), answers,
                    () -> "round robin per datagram\n" + udpStats(outside, director) + "\n" + director.log());
            assertTrue(answers.containsAll(List.of("rs1", "rs2")), answers.toString());
            String stats = udpStats(outside, director);
            long[] row = LvsDirectLabTest.serviceRow(stats, "UDP  198.18.12.100:53");
            assertEquals(4, row[0] - before[0], "one connection per datagram\n" + stats);
            assertTrue(row[2] - before[2] >= 4, "the replies came back through the director\n" + stats);
        } finally {
            echo.forEach(p -> p.terminate(Duration.ofSeconds(5)));
        }
    }

    /** The engine-settings line that selects {@code backend}. */
    static String backendSetting(String backend) {
        return "vigil.dataplane.backend = " + backend;
    }

    private static String udpStats(Lan outside, VigilPeer director) {
        return outside.host("d").exec(VigilPeer.LAUNCHER.toString(), "list", "-n", "--stats", "--exact",
                "--state-dir", director.dir().resolve("state").toString()).orThrow().stdout();
    }

    private static String stats(Lan outside, VigilPeer director) {
        return outside.host("d1").exec(VigilPeer.LAUNCHER.toString(), "list", "-n", "--stats",
                "--exact", "--state-dir", director.dir().resolve("state").toString()).orThrow().stdout();
    }

    /**
     * One datagram to the UDP service and its answer ("" when none came). The same client port every time: with ops
     * each datagram is scheduled on its own. -t 2: after its stdin ends socat waits 2 s for the answer, not 0.5 s (a
     * loaded machine forks the real server's echo slower than that).
     */
    private static String udpQuery(Lan outside) {
        return outside.host("c").execWithInput("ping\n", "socat", "-t", "2", "-T", "2", "-",
                "UDP4:198.18.12.100:53,sourceport=40053,reuseaddr").stdout().strip();
    }

    private static String curl(Lan outside) {
        var r = outside.host("c").exec("curl", "-s", "--max-time", "1", "http://" + VIP + "/");
        return r.ok() ? r.stdout().strip() : "curl exit " + r.exitCode();
    }
}
