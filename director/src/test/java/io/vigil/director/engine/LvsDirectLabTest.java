package io.vigil.director.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * LVS-DR and LVS-TUN end to end with the example configurations of {@code conf/lvs-dr} and {@code conf/lvs-tun},
 * unchanged: one segment with a client, the director and two nginx real servers; replies go from the real servers
 * straight to the client, so the director's OutPkts stays 0, and nginx logs the client's own address. Each case
 * runs on both backends (TPACKET and XDP).
 */
@Tag("netns")
class LvsDirectLabTest {

    @RegisterExtension
    static final NetnsLab lab = new NetnsLab();

    private static final Path CONF = Path.of("..", "conf").toAbsolutePath().normalize();
    private static Lan lan;
    private static Path dir;
    private static final List<Nginx> servers = new ArrayList<>();
    private static boolean ipv6Ready;

    @BeforeAll
    static void segment() throws Exception {
        lan = Lan.build(lab, "198.18.20", "c", "d", "r1", "r2");
        dir = Files.createTempDirectory("vigil-lvs-direct");
        // The example files' addresses: real servers .11/.12 (DR) and .21/.22 (TUN), the TUN network 198.18.30.0/24.
        lab.address(lan.host("r1"), "eth0", "198.18.20.11/24");
        lab.address(lan.host("r2"), "eth0", "198.18.20.12/24");
        lab.address(lan.host("c"), "eth0", "198.18.30.1/24");
        lab.address(lan.host("d"), "eth0", "198.18.30.2/24");
        lab.address(lan.host("r1"), "eth0", "198.18.30.21/24");
        lab.address(lan.host("r2"), "eth0", "198.18.30.22/24");
        for (String r : List.of("r1", "r2")) {
            // DR: the real server holds the VIP on lo and does not answer ARP for it.
            lab.address(lan.host(r), "lo", "198.18.20.100/32");
            lan.host(r).sysctl("net.ipv4.conf.all.arp_ignore", "1");
            lan.host(r).sysctl("net.ipv4.conf.all.arp_announce", "2");
            servers.add(Nginx.start(lan.host(r), dir.resolve("nginx-" + r), "0.0.0.0:80", "served by " + r,
                    List.of("[::]:80 ipv6only=on")));
        }
    }

    @AfterAll
    static void stopServers() {
        servers.forEach(Nginx::close);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tpacket", "xdp"})
    void directRoutingSpreadsByWeightAndRepliesBypassTheDirector(String backend) throws Exception {
        try (VigilPeer director = VigilPeer.start(lan.host("d"), dir.resolve("vigil-dr-" + backend),
                Files.readString(CONF.resolve("lvs-dr/master.conf")), LvsNatFailoverLabTest.backendSetting(backend))) {
            director.awaitState("VI_DR", "MASTER", Duration.ofSeconds(20));
            awaitBothUp(director, "198.18.20.100", "198.18.20.11:80", "198.18.20.12:80");
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(curl("198.18.20.100"));
            }
            // wrr over weights 3:1: three to the first, one to the second, per cycle.
            assertEquals(6, answers.stream().filter("served by r1"::equals).count(), answers.toString());
            assertEquals(2, answers.stream().filter("served by r2"::equals).count(), answers.toString());
            assertTrue(Files.readString(dir.resolve("nginx-r1/access.log")).contains("198.18.20.1 - "),
                    "nginx saw the client's own address");
            assertTrue(director.status(false).contains(backend + " on eth0"), director.status(false));
            String stats = director.list(false);
            String listed = lan.host("d").exec(VigilPeer.LAUNCHER.toString(), "list", "-n", "--stats", "--exact",
                    "--state-dir", director.dir().resolve("state").toString()).orThrow().stdout();
            System.out.println(listed);
            long[] service = serviceRow(listed, "TCP  198.18.20.100:80");
            assertEquals(8, service[0], "connections\n" + listed);
            assertTrue(service[1] >= 8 * 5, "InPkts: at least SYN, ACK, request, ACKs, FIN per connection\n" + listed);
            assertEquals(0, service[2], "OutPkts: replies bypass the director\n" + listed);
            assertTrue(stats.contains("Route"), stats);
        }
        // SIGTERM: the daemon leaves no steering behind.
        assertFalse(lan.host("d").exec("nft", "list", "tables").orThrow().stdout().contains("vigil"),
                "the netdev table is gone after a graceful stop");
        assertFalse(lan.host("d").exec("ip", "link", "show", "dev", "eth0").orThrow().stdout().contains("prog/xdp"),
                "the XDP program is gone after a graceful stop");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tpacket", "xdp"})
    void directRoutingOverIpv6(String backend) throws Exception {
        String vip = "fd00:198:18:20::100";
        if (!ipv6Ready) {
            ipv6Ready = true;
            lan.withIpv6(lab, "fd00:198:18:20:");
            // c ::1, d ::2, r1 ::3, r2 ::4; the VIP on the director (no VRRP instance carries it: it forwards at
            // once) and on the real servers' lo, where the kernel does not answer neighbour solicitations for it.
            // On the director the VIP is deprecated (preferred_lft 0), so the kernel never takes it as the source of
            // the director's own connections (RFC 6724 rule 3). Otherwise it wins: both addresses share the /64, where
            // the longest-prefix rule stops, and the tie goes to the newest; the health checks' SYN-ACKs then go to
            // the real servers' own VIP on lo and every check times out.
            lab.address(lan.host("d"), "eth0", vip + "/64");
            lan.host("d").exec("ip", "-6", "addr", "change", vip + "/64", "dev", "eth0", "nodad", "preferred_lft", "0")
                    .orThrow();
            for (String r : List.of("r1", "r2")) {
                lab.address(lan.host(r), "lo", vip + "/128");
            }
        }
        // alpha: the real servers start down and join the pool only once a TCP_CHECK over IPv6 has passed.
        String config = """
                virtual_server %1$s 80 {
                    delay_loop 1
                    lb_algo rr
                    lb_kind DR
                    protocol TCP
                    alpha
                    real_server %2$s 80 {
                        TCP_CHECK {
                            connect_timeout 1
                        }
                    }
                    real_server %3$s 80 {
                        TCP_CHECK {
                            connect_timeout 1
                        }
                    }
                }
                """.formatted(vip, lan.ipv6Address("r1"), lan.ipv6Address("r2"));
        try (VigilPeer director = VigilPeer.start(lan.host("d"), dir.resolve("vigil-dr6-" + backend), config,
                LvsNatFailoverLabTest.backendSetting(backend))) {
            awaitBothUp(director, "[" + vip + "]", "[" + lan.ipv6Address("r1") + "]:80", "[" + lan.ipv6Address("r2") + "]:80");
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                var r = lan.host("c").exec("curl", "-s", "--max-time", "2", "http://[" + vip + "]/");
                answers.add(r.ok() ? r.stdout().strip() : "curl exit " + r.exitCode());
            }
            assertEquals(2, answers.stream().filter("served by r1"::equals).count(), answers + "\n" + director.log());
            assertEquals(2, answers.stream().filter("served by r2"::equals).count(), answers + "\n" + director.log());
            String listed = lan.host("d").exec(VigilPeer.LAUNCHER.toString(), "list", "-n", "--stats", "--exact",
                    "--state-dir", director.dir().resolve("state").toString()).orThrow().stdout();
            long[] service = serviceRow(listed, "TCP  [" + vip + "]:80");
            assertEquals(4, service[0], listed);
            assertEquals(0, service[2], listed);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tpacket", "xdp"})
    void tunnelingWrapsInIpipForTheUserSpaceEndpoint(String backend) throws Exception {
        List<LabProcess> endpoints = new ArrayList<>();
        for (String r : List.of("r1", "r2")) {
            LabProcess endpoint = lan.host(r).start(VigilPeer.LAUNCHER.toString(), "tunnel-endpoint", "--vip", "198.18.30.100");
            endpoint.awaitOutput(Pattern.compile("tunnel-endpoint running"), Duration.ofSeconds(60));
            endpoints.add(endpoint);
        }
        try (VigilPeer director = VigilPeer.start(lan.host("d"), dir.resolve("vigil-tun-" + backend),
                Files.readString(CONF.resolve("lvs-tun/director.conf")), LvsNatFailoverLabTest.backendSetting(backend))) {
            director.awaitState("VI_TUN", "MASTER", Duration.ofSeconds(20));
            awaitBothUp(director, "198.18.30.100", "198.18.30.21:80", "198.18.30.22:80");
            String first = curl("198.18.30.100");
            assertTrue(first.startsWith("served by r"), first);
            for (int i = 0; i < 5; i++) {
                assertEquals(first, curl("198.18.30.100"), "sh: one client always reaches the same real server");
            }
            String listed = lan.host("d").exec(VigilPeer.LAUNCHER.toString(), "list", "-n", "--stats", "--exact",
                    "--state-dir", director.dir().resolve("state").toString()).orThrow().stdout();
            System.out.println(listed);
            long[] service = serviceRow(listed, "TCP  198.18.30.100:80");
            assertEquals(6, service[0], listed);
            assertEquals(0, service[2], "OutPkts: replies bypass the director\n" + listed);
            String server = first.substring("served by ".length());
            assertTrue(Files.readString(dir.resolve("nginx-" + server + "/access.log")).contains("198.18.30.1 - "),
                    "nginx saw the client's own address");
        } finally {
            for (LabProcess e : endpoints) {
                e.terminate(Duration.ofSeconds(10));
            }
        }
    }

    /** Waits until both real servers of the VIP's service are in the dataplane's pool; the daemon's log if not. */
    private static void awaitBothUp(VigilPeer director, String vip, String a, String b) {
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
                String list = director.list(false);
                return list.contains(vip) && list.contains("-> " + a) && list.contains("-> " + b);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("not both of " + a + " and " + b + " in the pool of " + vip + " within 30 s;"
                    + " the daemon's log:\n" + director.log(), e);
        }
    }

    private static String curl(String vip) {
        var r = lan.host("c").exec("curl", "-s", "--max-time", "2", "http://" + vip + "/");
        return r.ok() ? r.stdout().strip() : "curl exit " + r.exitCode();
    }

    /** Conns, InPkts, OutPkts of a service's row in {@code --stats --exact}. */
    static long[] serviceRow(String listed, String prefix) {
        Matcher m = Pattern.compile(Pattern.quote(prefix) + "\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)").matcher(listed);
        assertTrue(m.find(), "no row " + prefix + " in\n" + listed);
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
    }
}
