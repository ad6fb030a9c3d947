package io.vigil.director.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import io.vigil.dataplane.lab.ExecResult;
import io.vigil.dataplane.lab.KeepalivedPeer;
import io.vigil.dataplane.lab.NetnsLab;
import io.vigil.director.lab.Lan;
import io.vigil.director.lab.VigilPeer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code vigil run} as a real process against Debian's keepalived 2.2.7 and against itself, on one bridged
 * segment of lab namespaces: interop both ways (v3 multicast, v2 with PASS, unicast), failover by kill -9 and by
 * SIGTERM, trackers, sync groups, and a partition that heals. These are issue 4's acceptance checks.
 */
@Tag("netns")
class VrrpDaemonLabTest {

    @RegisterExtension
    static final NetnsLab lab = new NetnsLab();

    private static final String VIP = "198.18.30.100";
    private static final Duration START = Duration.ofSeconds(15);

    private Lan lan;
    private Path dir;

    @BeforeEach
    void segment() throws Exception {
        lan = Lan.build(lab, "198.18.30", "m", "b", "c");
        dir = Files.createTempDirectory("vigil-vrrp-lab");
    }

    private VigilPeer vigil(String host, String config) throws Exception {
        return VigilPeer.start(lan.host(host), dir.resolve("vigil-" + host), config);
    }

    private KeepalivedPeer keepalived(String host, String config) throws Exception {
        return KeepalivedPeer.start(lan.host(host), dir.resolve("ka-" + host), "ka", config);
    }

    private static String single(int priority, int version, String extra) {
        return VrrpConf.create().instance("VI_1", "eth0", 51, priority, "1", version, VIP, extra).toString();
    }

    /** The VIP is on exactly one host, {@code owner}. */
    private void vipOnlyOn(String owner) {
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            for (String h : new String[] {"m", "b"}) {
                assertEquals(h.equals(owner), lan.hasAddress(h, VIP), "VIP on " + h);
            }
        });
    }

    private static Config statusOf(VigilPeer peer, String instance) {
        Config all = ConfigFactory.parseString("{\"instances\":" + peer.status(true) + "}",
                ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON));
        return all.getConfigList("instances").stream().filter(c -> c.getString("iname").equals(instance))
                .findFirst().orElseThrow();
    }

    @Test
    void vigilWithHigherPriorityTakesMasterFromKeepalivedOverV3Multicast() throws Exception {
        try (KeepalivedPeer ka = keepalived("b", single(100, 3, ""))) {
            ka.awaitState("VI_1", "MASTER", START);
            try (VigilPeer v = vigil("m", single(200, 3, ""))) {
                v.awaitState("VI_1", "MASTER", START);
                ka.awaitLog(Pattern.compile("\\(VI_1\\) Entering BACKUP STATE\\s*\\n(?:.*\\n)*?.*removing VIPs|"
                        + "higher priority 200, ours 100"), START);
                ka.awaitState("VI_1", "BACKUP", START);
                vipOnlyOn("m");
                String text = v.status(false);
                assertTrue(text.contains("state            MASTER"), text);
                Config s = statusOf(v, "VI_1");
                assertEquals("MASTER", s.getString("state"));
                assertEquals(51, s.getInt("vrid"));
                assertEquals(200, s.getInt("effective_priority"));
                assertTrue(s.getLong("stats.advert_sent") > 0);
                String metrics = v.metrics();
                assertTrue(metrics.contains("keepalived_vrrp_state{iname=\"VI_1\",intf=\"eth0\",ip_address=\"" + VIP
                        + "/24\",vrid=\"51\"} 2.0"), metrics);
                assertTrue(metrics.contains("keepalived_become_master_total{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"} 1.0"),
                        metrics);
                assertFalse(metrics.contains("state=\""), "no state label on the counters (exporter 1.3+)\n" + metrics);
                assertTrue(metrics.contains("vigil_build_info{"), metrics);
                ExecResult lint = lan.host("m").execWithInput(metrics, "promtool", "check", "metrics");
                assertEquals(0, lint.exitCode(), lint.stdout() + lint.stderr());
            }
        }
    }

    @Test
    void keepalivedStaysMasterOverLowerVigilWithV2PassAuthenticationWithoutFlapping() throws Exception {
        String auth = "authentication {\n    auth_type PASS\n    auth_pass s3cret\n}";
        try (KeepalivedPeer ka = keepalived("b", single(150, 2, auth))) {
            ka.awaitState("VI_1", "MASTER", START);
            try (VigilPeer v = vigil("m", single(100, 2, auth))) {
                v.awaitState("VI_1", "BACKUP", START);
                Thread.sleep(30_000);
                assertEquals(0, v.transitions("VI_1", "MASTER"), v.log());
                assertEquals("BACKUP", v.lastState("VI_1"));
                assertEquals("MASTER", ka.lastState("VI_1"), ka.log());
                Config s = statusOf(v, "VI_1");
                assertTrue(s.getLong("stats.advert_rcvd") >= 28, s.root().render());
                assertEquals(0, s.getLong("stats.auth_failure"));
                assertEquals(lan.address("b"), s.getString("master_ipaddr"));
                vipOnlyOn("b");
            }
        }
    }

    @Test
    void vigilWithHigherPriorityTakesMasterOverV2PassAuthentication() throws Exception {
        String auth = "authentication {\n    auth_type PASS\n    auth_pass s3cret\n}";
        try (KeepalivedPeer ka = keepalived("b", single(100, 2, auth))) {
            ka.awaitState("VI_1", "MASTER", START);
            try (VigilPeer v = vigil("m", single(200, 2, auth))) {
                v.awaitState("VI_1", "MASTER", START);
                ka.awaitState("VI_1", "BACKUP", START);
                vipOnlyOn("m");
            }
        }
    }

    private String unicast(String self, String peer, int priority) {
        return single(priority, 3, "unicast_src_ip " + lan.address(self) + "\nunicast_peer {\n    " + lan.address(peer) + "\n}");
    }

    @Test
    void unicastPeersElectInBothDirections() throws Exception {
        try (KeepalivedPeer ka = keepalived("b", unicast("b", "m", 100))) {
            ka.awaitState("VI_1", "MASTER", START);
            try (VigilPeer v = vigil("m", unicast("m", "b", 200))) {
                v.awaitState("VI_1", "MASTER", START);
                ka.awaitState("VI_1", "BACKUP", START);
                vipOnlyOn("m");
            }
        }
        try (KeepalivedPeer ka = keepalived("b", unicast("b", "m", 200))) {
            ka.awaitState("VI_1", "MASTER", START);
            try (VigilPeer v = vigil("m", unicast("m", "b", 100))) {
                v.awaitState("VI_1", "BACKUP", START);
                Thread.sleep(5_000);
                assertEquals(0, v.transitions("VI_1", "MASTER"), v.log());
                assertTrue(statusOf(v, "VI_1").getLong("stats.advert_rcvd") >= 4);
                vipOnlyOn("b");
            }
        }
    }

    @Test
    void killNineOfTheVigilMasterHandsTheVipToKeepalivedAndTheClientFollows() throws Exception {
        try (VigilPeer v = vigil("m", single(200, 3, ""));
             KeepalivedPeer ka = keepalived("b", single(100, 3, ""))) {
            v.awaitState("VI_1", "MASTER", START);
            ka.awaitState("VI_1", "BACKUP", START);
            // vigil status --json=keepalived next to keepalived's own SIGJSON dump of the same instance: both follow
            // vrrp_json.c (members, order, types) and carry the same members; the values say who is master.
            String theirs = ka.json(Duration.ofSeconds(5));
            String ours = v.status("--json=keepalived");
            KeepalivedStatusJsonTest.assertKeepalivedLayout(theirs);
            KeepalivedStatusJsonTest.assertKeepalivedLayout(ours);
            assertEquals(KeepalivedStatusJsonTest.memberOrder(theirs), KeepalivedStatusJsonTest.memberOrder(ours),
                    "keepalived:\n" + theirs + "\nvigil:\n" + ours);
            Config kaData = ConfigFactory.parseString(((com.typesafe.config.ConfigObject)
                    KeepalivedStatusJsonTest.parse(theirs).getFirst()).render()).getConfig("data");
            Config ourData = ConfigFactory.parseString(((com.typesafe.config.ConfigObject)
                    KeepalivedStatusJsonTest.parse(ours).getFirst()).render()).getConfig("data");
            assertEquals(1, kaData.getInt("state"));
            assertEquals(200, kaData.getInt("master_priority"));
            assertEquals(2, ourData.getInt("state"));
            assertEquals(List.of(VIP + "/24 dev eth0 scope global set"), ourData.getStringList("vips"));
            assertEquals(List.of(VIP + "/24 dev eth0 scope global"), kaData.getStringList("vips"));
            lan.host("c").exec("ping", "-c", "1", "-W", "2", VIP).orThrow();
            assertTrue(neighbour("c", VIP).contains(lan.mac("m")), neighbour("c", VIP));

            Instant killed = Instant.now();
            v.process().kill();
            Awaitility.await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(20))
                    .until(() -> lan.hasAddress("b", VIP));
            Duration takeover = Duration.between(killed, Instant.now());
            // 3 x advert_int + skew (256 - 100) / 256 s, plus polling and process start slack.
            assertTrue(takeover.toMillis() <= 3_609 + 400, "takeover took " + takeover);
            Awaitility.await().atMost(Duration.ofSeconds(3))
                    .until(() -> neighbour("c", VIP).contains(lan.mac("b")));
        }
    }

    private String neighbour(String host, String address) {
        return lan.host(host).exec("ip", "neigh", "show", address).orThrow().stdout();
    }

    @Test
    void sigtermSendsPriorityZeroAndTheVigilBackupTakesOverWithinSkewTime() throws Exception {
        try (VigilPeer master = vigil("m", single(200, 3, ""));
             VigilPeer backup = vigil("b", single(100, 3, ""))) {
            master.awaitState("VI_1", "MASTER", START);
            backup.awaitState("VI_1", "BACKUP", START);
            lan.host("c").exec("ping", "-c", "1", "-W", "2", VIP).orThrow();
            assertTrue(neighbour("c", VIP).contains(lan.mac("m")), neighbour("c", VIP));
            Thread.sleep(1_000);
            Instant term = Instant.now();
            assertEquals(0, master.terminate(), master.log());
            backup.awaitState("VI_1", "MASTER", Duration.ofSeconds(5));
            Instant transition = Instant.parse(statusOf(backup, "VI_1").getString("last_transition"));
            Duration takeover = Duration.between(term, transition);
            // Skew time for priority 100 is 609 ms; the issue allows 100 ms more.
            assertTrue(takeover.toMillis() <= 609 + 100, "takeover took " + takeover);
            assertTrue(statusOf(backup, "VI_1").getLong("stats.pri_zero_rcvd") >= 1);
            assertTrue(master.log().contains("removing VIPs"), master.log());
            vipOnlyOn("b");
            // Vigil's own gratuitous ARP moved the client's entry to the new master.
            Awaitility.await().atMost(Duration.ofSeconds(3))
                    .until(() -> neighbour("c", VIP).contains(lan.mac("b")));
        }
    }

    @Test
    void aFailingTrackScriptWithNegativeWeightHandsMasterToThePeer() throws Exception {
        Path flag = dir.resolve("nginx-ok");
        Files.writeString(flag, "ok");
        String conf = """
                vrrp_script chk_flag {
                    script "/usr/bin/test -f %s"
                    interval 1
                    weight -60
                }
                """.formatted(flag) + single(150, 3, "track_script {\n    chk_flag\n}");
        try (VigilPeer v = vigil("m", conf);
             KeepalivedPeer ka = keepalived("b", single(100, 3, ""))) {
            v.awaitState("VI_1", "MASTER", START);
            ka.awaitState("VI_1", "BACKUP", START);
            Files.delete(flag);
            ka.awaitState("VI_1", "MASTER", Duration.ofSeconds(10));
            v.awaitState("VI_1", "BACKUP", Duration.ofSeconds(10));
            assertEquals(90, statusOf(v, "VI_1").getInt("effective_priority"));
            assertTrue(v.metrics().contains("keepalived_script_status{name=\"chk_flag\"} 0.0"));
            vipOnlyOn("b");
        }
    }

    /** A veth pair inside host {@code m}: {@code trk0} loses carrier when set down. (No dummy module here.) */
    private void trackedLink() {
        lan.host("m").exec("ip", "link", "add", "trk0", "type", "veth", "peer", "name", "trk1").orThrow();
        lan.host("m").exec("ip", "link", "set", "trk1", "up").orThrow();
        lan.host("m").exec("ip", "link", "set", "trk0", "up").orThrow();
    }

    @Test
    void aTrackedInterfaceGoingDownGivesFaultAndPriorityZero() throws Exception {
        trackedLink();
        try (VigilPeer v = vigil("m", single(200, 3, "track_interface {\n    trk0\n}"));
             KeepalivedPeer ka = keepalived("b", single(100, 3, ""))) {
            v.awaitState("VI_1", "MASTER", START);
            ka.awaitState("VI_1", "BACKUP", START);
            Instant down = Instant.now();
            lan.host("m").exec("ip", "link", "set", "trk0", "down").orThrow();
            v.awaitState("VI_1", "FAULT", Duration.ofSeconds(5));
            Awaitility.await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(20))
                    .until(() -> lan.hasAddress("b", VIP));
            // Priority 0 lets the backup take over after its skew time, far below the 3.6 s master-down interval.
            assertTrue(Duration.between(down, Instant.now()).toMillis() < 2_000);
            Config s = statusOf(v, "VI_1");
            assertEquals("FAULT", s.getString("state"));
            assertTrue(s.getLong("stats.pri_zero_sent") >= 1, s.root().render());
            vipOnlyOn("b");
            lan.host("m").exec("ip", "link", "set", "trk0", "up").orThrow();
            v.awaitState("VI_1", "MASTER", Duration.ofSeconds(10));
        }
    }

    @Test
    void aSyncGroupOfTwoInstancesMovesTogether() throws Exception {
        trackedLink();
        String vigilConf = "vrrp_sync_group G1 {\n    group {\n        VI_1\n        VI_2\n    }\n}\n"
                + VrrpConf.create()
                        .instance("VI_1", "eth0", 51, 200, "1", 3, VIP, "")
                        .instance("VI_2", "eth0", 52, 200, "1", 3, "198.18.30.101", "track_interface {\n    trk0\n}");
        String kaConf = VrrpConf.create()
                .instance("VI_1", "eth0", 51, 100, "1", 3, VIP, "")
                .instance("VI_2", "eth0", 52, 100, "1", 3, "198.18.30.101", "").toString();
        try (VigilPeer v = vigil("m", vigilConf);
             KeepalivedPeer ka = keepalived("b", kaConf)) {
            v.awaitState("VI_1", "MASTER", START);
            v.awaitState("VI_2", "MASTER", START);
            ka.awaitState("VI_1", "BACKUP", START);
            ka.awaitState("VI_2", "BACKUP", START);
            lan.host("m").exec("ip", "link", "set", "trk0", "down").orThrow();
            Awaitility.await().atMost(Duration.ofSeconds(6)).untilAsserted(() -> {
                assertEquals("MASTER", ka.lastState("VI_1"));
                assertEquals("MASTER", ka.lastState("VI_2"));
            });
            String one = statusOf(v, "VI_1").getString("state");
            String two = statusOf(v, "VI_2").getString("state");
            assertFalse(one.equals("MASTER") || two.equals("MASTER"), one + " / " + two);
            assertEquals(one, two, "members of G1 must be in the same state");
            assertTrue(lan.hasAddress("b", VIP) && lan.hasAddress("b", "198.18.30.101"));
            assertFalse(lan.hasAddress("m", VIP) || lan.hasAddress("m", "198.18.30.101"));
        }
    }

    @Test
    void aPartitionMakesTwoMastersAndTheHealLeavesOneWithinAnAdvertInterval() throws Exception {
        try (VigilPeer high = vigil("m", single(200, 3, ""));
             VigilPeer low = vigil("b", single(100, 3, ""))) {
            high.awaitState("VI_1", "MASTER", START);
            low.awaitState("VI_1", "BACKUP", START);
            lan.host("b").execWithInput("""
                    table inet vigil_partition {
                        chain in { type filter hook input priority 0; ip protocol vrrp drop; }
                        chain out { type filter hook output priority 0; ip protocol vrrp drop; }
                    }
                    """, "nft", "-f", "-").orThrow();
            low.awaitState("VI_1", "MASTER", Duration.ofSeconds(6));
            assertEquals("MASTER", statusOf(high, "VI_1").getString("state"));
            assertEquals("MASTER", statusOf(low, "VI_1").getString("state"));

            Instant heal = Instant.now();
            lan.host("b").exec("nft", "delete", "table", "inet", "vigil_partition").orThrow();
            Awaitility.await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(20))
                    .until(() -> statusOf(low, "VI_1").getString("state").equals("BACKUP"));
            Instant settled = Instant.parse(statusOf(low, "VI_1").getString("last_transition"));
            assertTrue(Duration.between(heal, settled).toMillis() <= 1_000 + 100,
                    "two masters for " + Duration.between(heal, settled) + " after the heal");
            assertEquals("MASTER", statusOf(high, "VI_1").getString("state"));
            vipOnlyOn("m");
        }
    }
}
