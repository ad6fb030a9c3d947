package io.vigil.director.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import io.vigil.dataplane.lab.KeepalivedPeer;
import io.vigil.dataplane.lab.Netns;
import io.vigil.dataplane.lab.NetnsLab;
import io.vigil.director.lab.Lan;
import io.vigil.director.lab.VigilPeer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code vigil run} started before its interface can carry adverts, as keepalived allows (keepalived.md §2.5,
 * §2.11): the instance starts in FAULT instead of failing, and takes part in the election (here against
 * Debian's keepalived 2.2.7, priority 100 against Vigil's 200) once the source address is usable: (a) an IPv6
 * link-local address still under duplicate address detection, (b) an IPv4 address added after the start, (c) an
 * interface that is down at the start.
 */
@Tag("netns")
class VrrpSourceAddressLabTest {

    @RegisterExtension
    static final NetnsLab lab = new NetnsLab();

    private static final String VIP4 = "198.18.33.100";
    private static final String VIP6 = "fd00:198:18:33::100";
    private static final Duration START = Duration.ofSeconds(15);

    private Lan lan;
    private Path dir;

    @BeforeEach
    void segment() throws Exception {
        lan = Lan.build(lab, "198.18.33", "m", "b");
        dir = Files.createTempDirectory("vigil-vrrp-src-lab");
    }

    private static String v4(int priority) {
        return VrrpConf.create().instance("VI_1", "eth0", 53, priority, "1", 3, VIP4, "").toString();
    }

    private static String v6(int priority) {
        return VrrpConf.create().instanceWithVip("VI_6", "eth0", 63, priority, "1", 3, VIP6 + "/64", "").toString();
    }

    private KeepalivedPeer keepalivedMaster(String instance, String config) throws Exception {
        KeepalivedPeer ka = KeepalivedPeer.start(lan.host("b"), dir.resolve("ka-b"), "ka", config);
        ka.awaitState(instance, "MASTER", START);
        return ka;
    }

    private VigilPeer vigil(String config) throws Exception {
        return VigilPeer.start(lan.host("m"), dir.resolve("vigil-m"), config);
    }

    private static Config statusOf(VigilPeer peer) {
        Config all = ConfigFactory.parseString("{\"instances\":" + peer.status(true) + "}",
                ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON));
        return all.getConfigList("instances").getFirst();
    }

    /** Vigil waited in FAULT (and never became MASTER meanwhile), then won the election and holds the VIP alone. */
    private void faultThenMaster(VigilPeer v, KeepalivedPeer ka, String instance, String vip, String source) {
        v.awaitState(instance, "MASTER", Duration.ofSeconds(40));
        ka.awaitState(instance, "BACKUP", START);
        String log = v.log();
        assertTrue(log.indexOf("(" + instance + ") Entering FAULT STATE") >= 0, log);
        assertTrue(log.indexOf("(" + instance + ") Entering FAULT STATE")
                < log.indexOf("(" + instance + ") Entering MASTER STATE"), log);
        assertTrue(log.contains("(" + instance + ") sending adverts from " + source + " on eth0"), log);
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertTrue(lan.hasAddress("m", vip), "VIP on m");
            assertTrue(!lan.hasAddress("b", vip), "VIP still on b");
        });
        Config s = statusOf(v);
        assertEquals("MASTER", s.getString("state"));
        assertEquals(source, s.getString("master_ipaddr"));
    }

    @Test
    void ipv6StartsDuringDuplicateAddressDetectionAndJoinsOnceTheLinkLocalAddressIsUsable() throws Exception {
        try (KeepalivedPeer ka = keepalivedMaster("VI_6", v6(100))) {
            Netns m = lan.host("m");
            // 5 probes 2 s apart: the new link-local address stays tentative for about 10 s after the link comes up.
            m.sysctl("net.ipv6.conf.eth0.dad_transmits", "5");
            m.sysctl("net.ipv6.neigh.eth0.retrans_time_ms", "2000");
            m.exec("ip", "link", "set", "eth0", "down").orThrow();
            m.exec("ip", "link", "set", "eth0", "up").orThrow();
            String before = m.exec("ip", "-6", "addr", "show", "dev", "eth0").orThrow().stdout();
            assertTrue(before.contains("scope link tentative"), "the link-local address should be tentative: " + before);
            try (VigilPeer v = vigil(v6(200))) {
                v.process().awaitOutput(Pattern.compile("\\(VI_6\\) cannot send adverts on eth0: no usable IPv6 link "
                        + "local address \\(fe80:[0-9a-f:]+ is tentative"), START);
                v.awaitState("VI_6", "FAULT", START);
                assertEquals("MASTER", ka.lastState("VI_6"), "keepalived keeps the VIP while vigil waits");
                faultThenMaster(v, ka, "VI_6", VIP6, lan.linkLocal("m"));
            }
        }
    }

    @Test
    void ipv4StartsWithoutAnAddressAndJoinsWhenOneIsAdded() throws Exception {
        Netns m = lan.host("m");
        m.exec("ip", "addr", "del", "198.18.33.1/24", "dev", "eth0").orThrow();
        try (KeepalivedPeer ka = keepalivedMaster("VI_1", v4(100));
             VigilPeer v = vigil(v4(200))) {
            v.process().awaitOutput(Pattern.compile(Pattern.quote("(VI_1) cannot send adverts on eth0: no IPv4 address")),
                    START);
            v.awaitState("VI_1", "FAULT", START);
            Thread.sleep(4_000); // longer than the master-down interval: still FAULT, nothing sent
            assertEquals("FAULT", v.lastState("VI_1"), v.log());
            assertEquals("MASTER", ka.lastState("VI_1"), ka.log());
            m.exec("ip", "addr", "add", "198.18.33.1/24", "dev", "eth0").orThrow();
            faultThenMaster(v, ka, "VI_1", VIP4, "198.18.33.1");
        }
    }

    @Test
    void ipv4StartsOnADownInterfaceAndJoinsWhenItComesUp() throws Exception {
        Netns m = lan.host("m");
        m.exec("ip", "link", "set", "eth0", "down").orThrow();
        try (KeepalivedPeer ka = keepalivedMaster("VI_1", v4(100));
             VigilPeer v = vigil(v4(200))) {
            v.awaitState("VI_1", "FAULT", START);
            Thread.sleep(4_000);
            assertEquals("FAULT", v.lastState("VI_1"), v.log());
            m.exec("ip", "link", "set", "eth0", "up").orThrow();
            faultThenMaster(v, ka, "VI_1", VIP4, "198.18.33.1");
        }
    }
}
