package io.vigil.director.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import io.vigil.dataplane.lab.KeepalivedPeer;
import io.vigil.dataplane.lab.LabProcess;
import io.vigil.dataplane.lab.NetnsLab;
import io.vigil.director.lab.Lan;
import io.vigil.director.lab.VigilPeer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code vigil run} against Debian's keepalived 2.2.7 with VRRPv3 over IPv6 (RFC 5798 §5.1.2: ff02::12 from the
 * link-local address, hop limit 255) and an IPv6 VIP from the lab's ULA range: election both ways, the VIP on
 * exactly one side, and after a kill -9 the client's neighbour entry following the new master through its
 * unsolicited neighbour advertisements (keepalived.md §2.10).
 */
@Tag("netns")
class VrrpIpv6DaemonLabTest {

    @RegisterExtension
    static final NetnsLab lab = new NetnsLab();

    private static final String PREFIX = "fd00:198:18:31:";
    private static final String VIP = PREFIX + ":100";
    private static final Duration START = Duration.ofSeconds(15);

    private Lan lan;
    private Path dir;

    @BeforeEach
    void segment() throws Exception {
        lan = Lan.build(lab, "198.18.31", "m", "b", "c").withIpv6(lab, PREFIX);
        dir = Files.createTempDirectory("vigil-vrrp6-lab");
    }

    private VigilPeer vigil(String host, String config) throws Exception {
        return VigilPeer.start(lan.host(host), dir.resolve("vigil-" + host), config);
    }

    private KeepalivedPeer keepalived(String host, String config) throws Exception {
        return KeepalivedPeer.start(lan.host(host), dir.resolve("ka-" + host), "ka", config);
    }

    private static String v6(int priority) {
        return VrrpConf.create().instanceWithVip("VI_6", "eth0", 61, priority, "1", 3, VIP + "/64", "").toString();
    }

    /** The VIP is on exactly one of the two routers, {@code owner} ({@code ip -j -6 addr}). */
    private void vipOnlyOn(String owner) {
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            for (String h : new String[] {"m", "b"}) {
                String json = lan.host(h).exec("ip", "-j", "-6", "addr", "show", "dev", "eth0").orThrow().stdout();
                assertEquals(h.equals(owner), json.contains("\"local\":\"" + VIP + "\""), "VIP on " + h + ": " + json);
            }
        });
    }

    private static Config statusOf(VigilPeer peer) {
        Config all = ConfigFactory.parseString("{\"instances\":" + peer.status(true) + "}",
                ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON));
        return all.getConfigList("instances").getFirst();
    }

    private String neighbour(String host) {
        return lan.host(host).exec("ip", "-6", "neigh", "show", VIP, "dev", "eth0").orThrow().stdout();
    }

    @Test
    void vigilWithHigherPriorityTakesMasterFromKeepalivedOverIpv6() throws Exception {
        try (KeepalivedPeer ka = keepalived("b", v6(100))) {
            ka.awaitState("VI_6", "MASTER", START);
            vipOnlyOn("b");
            try (VigilPeer v = vigil("m", v6(200))) {
                v.awaitState("VI_6", "MASTER", START);
                ka.awaitState("VI_6", "BACKUP", START);
                vipOnlyOn("m");
                Config s = statusOf(v);
                assertEquals("MASTER", s.getString("state"));
                assertEquals(61, s.getInt("vrid"));
                v.process().awaitOutput(Pattern.compile("Sending unsolicited Neighbour Advert on eth0 for "
                        + Pattern.quote(VIP)), START);
                String flags = lan.host("m").exec("ip", "-6", "addr", "show", "dev", "eth0").orThrow().stdout();
                assertTrue(flags.matches("(?s).*inet6 " + Pattern.quote(VIP) + "/64 scope global nodad.*"), flags);
            }
        }
    }

    @Test
    void keepalivedStaysMasterOverLowerVigilOverIpv6WithoutFlapping() throws Exception {
        try (KeepalivedPeer ka = keepalived("b", v6(150))) {
            ka.awaitState("VI_6", "MASTER", START);
            try (VigilPeer v = vigil("m", v6(100))) {
                v.awaitState("VI_6", "BACKUP", START);
                Thread.sleep(30_000);
                assertEquals(0, v.transitions("VI_6", "MASTER"), v.log());
                assertEquals("BACKUP", v.lastState("VI_6"));
                assertEquals("MASTER", ka.lastState("VI_6"), ka.log());
                Config s = statusOf(v);
                assertTrue(s.getLong("stats.advert_rcvd") >= 28, s.root().render());
                assertEquals(lan.linkLocal("b"), s.getString("master_ipaddr"));
                vipOnlyOn("b");
            }
        }
    }

    /** The client learns the VIP at {@code owner}'s MAC. */
    private void clientLearnsVip(String owner) {
        vipOnlyOn(owner);
        lan.host("c").exec("ping", "-6", "-c", "1", "-W", "2", VIP).orThrow();
        assertTrue(neighbour("c").contains("lladdr " + lan.mac(owner)), neighbour("c"));
    }

    /**
     * The master's daemon dies by kill -9 (leaving the VIP on its interface, where its kernel keeps answering for
     * it), the backup {@code to} (priority 100) takes over within 3 x advert_int + skew, and only the new master's
     * unsolicited NA (Override set) moves the client's entry.
     */
    private void clientFollowsKillNine(LabProcess master, String to) {
        Instant killed = Instant.now();
        master.kill();
        Awaitility.await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(20))
                .until(() -> lan.hasAddress(to, VIP));
        Duration takeover = Duration.between(killed, Instant.now());
        // 3 x advert_int + skew (256 - 100) / 256 s, plus polling slack.
        assertTrue(takeover.toMillis() <= 3_609 + 400, "takeover took " + takeover);
        Awaitility.await().atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertTrue(neighbour("c").contains("lladdr " + lan.mac(to)), neighbour("c")));
    }

    @Test
    void killNineOfTheKeepalivedMasterHandsTheVipToVigilAndItsNeighbourAdvertMovesTheClient() throws Exception {
        // m forwards IPv6, so its NAs carry the Router flag (keepalived: get_ipv6_forwarding); b's did not.
        lan.host("m").sysctl("net.ipv6.conf.eth0.forwarding", "1");
        try (KeepalivedPeer ka = keepalived("b", v6(200));
             VigilPeer v = vigil("m", v6(100))) {
            ka.awaitState("VI_6", "MASTER", START);
            v.awaitState("VI_6", "BACKUP", START);
            clientLearnsVip("b");
            assertFalse(neighbour("c").contains("router"), neighbour("c"));
            clientFollowsKillNine(ka.process(), "m");
            assertTrue(neighbour("c").contains("router"), neighbour("c"));
            assertEquals("MASTER", v.lastState("VI_6"));
        }
    }

    @Test
    void killNineOfTheVigilMasterHandsTheVipToKeepalivedAndTheClientFollows() throws Exception {
        try (VigilPeer v = vigil("m", v6(200));
             KeepalivedPeer ka = keepalived("b", v6(100))) {
            v.awaitState("VI_6", "MASTER", START);
            ka.awaitState("VI_6", "BACKUP", START);
            clientLearnsVip("m");
            clientFollowsKillNine(v.process(), "b");
        }
    }
}
