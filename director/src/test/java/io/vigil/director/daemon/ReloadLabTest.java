package io.vigil.director.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.lab.ExecResult;
import io.vigil.dataplane.lab.KeepalivedPeer;
import io.vigil.dataplane.lab.NetnsLab;
import io.vigil.director.lab.Lan;
import io.vigil.director.lab.Nginx;
import io.vigil.director.lab.VigilPeer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reload under a running daemon (issue 11): one lab for every case, in order. Vigil on {@code m} is MASTER of VI_1
 * and VI_2 against keepalived 2.2.7 as BACKUP on {@code b}, with nginx real servers on {@code w1} and {@code w2}.
 * A weight change by SIGHUP, a real server added by {@code vigil reload}, a broken file refused (exit 4 with
 * FILE:LINE, the old configuration still serving), {@code check-config --diff}, VI_2's priority lowered and a VIP
 * added in place (still MASTER, the new VIP on the interface, keepalived sees no transition), an instance removed (priority 0,
 * VIP released, keepalived takes it at once) and a no-op reload; throughout, VI_1 stays MASTER with the same
 * {@code last_transition} and keepalived never sees it go.
 */
@Tag("netns")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReloadLabTest {

    @RegisterExtension
    static final NetnsLab lab = new NetnsLab();

    private static final String NET = "198.18.36";
    private static final String VIP1 = NET + ".100";
    private static final String VIP2 = NET + ".101";
    private static final String VIP3 = NET + ".102";
    private static final Duration START = Duration.ofSeconds(20);

    private static Lan lan;
    private static Path dir;
    private static Path conf;
    private static VigilPeer vigil;
    private static KeepalivedPeer keepalived;
    private static Nginx w1;
    private static Nginx w2;
    private static String vi1Transition;
    private static int keepalivedVi1Masters;

    private static String instance(String name, int vrid, int priority, String... vips) {
        return """
                vrrp_instance %s {
                    state BACKUP
                    interface eth0
                    virtual_router_id %d
                    priority %d
                    advert_int 1
                    virtual_ipaddress {
                        %s
                    }
                }
                """.formatted(name, vrid, priority, String.join("\n", java.util.Arrays.stream(vips)
                .map(v -> v + "/24").toList()));
    }

    private static String realServer(String host, int weight) {
        return """
                    real_server %s 80 {
                        weight %d
                        TCP_CHECK {
                            connect_timeout 1
                        }
                    }
                """.formatted(lan.address(host), weight);
    }

    private static String config(boolean withVi2, String realServers) {
        return config(withVi2 ? instance("VI_2", 62, 200, VIP2) : "", realServers);
    }

    private static String config(String vi2, String realServers) {
        return instance("VI_1", 61, 200, VIP1) + vi2 + """
                virtual_server %s 80 {
                    protocol TCP
                    lvs_sched wrr
                    lvs_method NAT
                    delay_loop 1
                %s}
                """.formatted(VIP1, realServers);
    }

    @BeforeAll
    static void lab() throws Exception {
        lan = Lan.build(lab, NET, "m", "b", "w1", "w2");
        dir = Files.createTempDirectory("vigil-reload-lab");
        w1 = Nginx.start(lan.host("w1"), dir.resolve("nginx-w1"), lan.address("w1") + ":80", "w1\n");
        w2 = Nginx.start(lan.host("w2"), dir.resolve("nginx-w2"), lan.address("w2") + ":80", "w2\n");
        keepalived = KeepalivedPeer.start(lan.host("b"), dir.resolve("ka"), "ka",
                instance("VI_1", 61, 100, VIP1) + instance("VI_2", 62, 100, VIP2));
        vigil = VigilPeer.start(lan.host("m"), dir.resolve("vigil"), config(true, realServer("w1", 1)));
        conf = vigil.dir().resolve("keepalived.conf");
        vigil.awaitState("VI_1", "MASTER", START);
        vigil.awaitState("VI_2", "MASTER", START);
        keepalived.awaitState("VI_1", "BACKUP", START);
        awaitList(l -> l.contains(lan.address("w1") + ":80") && l.contains("Masq    1"));
        vi1Transition = lastTransition("VI_1");
        keepalivedVi1Masters = count(keepalived.log(), "(VI_1) Entering MASTER STATE"); // before vigil came up
        assertNotEquals("null", vi1Transition);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {vigil, keepalived, w1, w2}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // the lab removes what is left
            }
        }
    }

    @Test
    @Order(1)
    void aWeightChangeBySighupAppliesLive() throws Exception {
        Files.writeString(conf, config(true, realServer("w1", 5)));
        assertEquals(0, lan.host("m").exec("kill", "-HUP", Long.toString(vigil.process().pid())).exitCode());
        awaitList(l -> l.contains("Masq    5"));
        vigil.process().awaitOutput(Pattern.compile("reload: ~ real_server " + Pattern.quote(lan.address("w1"))
                + ":80 of virtual_server \\[" + Pattern.quote(VIP1) + "\\]:tcp:80: weight"), START);
        assertTrue(vigil.metrics().contains("vigil_config_reloads_total{result=\"success\"} 1.0"), vigil.metrics());
        vi1Untouched();
    }

    @Test
    @Order(2)
    void aRealServerAddedByVigilReloadJoinsThePool() throws Exception {
        Files.writeString(conf, config(true, realServer("w1", 5) + realServer("w2", 2)));
        ExecResult r = reload();
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
        assertTrue(r.stdout().contains("+ real_server " + lan.address("w2") + ":80 of virtual_server"), r.stdout());
        assertTrue(r.stdout().contains("reloaded"), r.stdout());
        awaitList(l -> l.contains(lan.address("w2") + ":80") && l.contains("Masq    2") && l.contains("Masq    5"));
        vi1Untouched();
    }

    @Test
    @Order(3)
    void aBrokenFileIsRefusedWithFileAndLineAndTheOldConfigurationKeepsServing() throws Exception {
        String good = Files.readString(conf);
        String broken = good.replace("virtual_router_id 61", "virtual_router_id 300");
        int line = lineOf(broken, "virtual_router_id 300");
        Files.writeString(conf, broken);
        ExecResult r = reload();
        assertEquals(4, r.exitCode(), r.stdout() + r.stderr());
        assertTrue(r.stderr().contains(conf + ":" + line + ":"), r.stderr());
        assertTrue(r.stderr().contains("reload refused"), r.stderr());
        assertTrue(vigil.process().alive());
        assertTrue(vigil.log().contains("reload refused"), vigil.log());
        String metrics = vigil.metrics();
        assertTrue(metrics.contains("vigil_config_reloads_total{result=\"failure\"} 1.0"), metrics);
        assertTrue(metrics.contains("vigil_config_last_reload_successful 0.0"), metrics);
        String list = vigil.list(false);
        assertTrue(list.contains(lan.address("w2") + ":80") && list.contains("Masq    5"), list);
        Files.writeString(conf, good);
        vi1Untouched();
    }

    @Test
    @Order(4)
    void checkConfigDiffSaysWhatAReloadWouldChangeWithoutChangingIt() throws Exception {
        Path next = vigil.dir().resolve("next.conf");
        Files.writeString(next, config(true, realServer("w1", 7) + realServer("w2", 2)));
        ExecResult r = lan.host("m").exec(VigilPeer.LAUNCHER.toString(), "check-config", "--diff", "-f", next.toString(),
                "--state-dir", vigil.dir().resolve("state").toString());
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
        assertEquals("~ real_server " + lan.address("w1") + ":80 of virtual_server [" + VIP1 + "]:tcp:80: weight\n",
                r.stdout());
        assertTrue(vigil.list(false).contains("Masq    5"), "nothing applied");
    }

    @Test
    @Order(5)
    void aMastersPriorityAndVipsChangeInPlaceWithoutATransition() throws Exception {
        String vi2Transition = lastTransition("VI_2");
        int keepalivedVi2Masters = count(keepalived.log(), "(VI_2) Entering MASTER STATE");
        assertFalse(lan.hasAddress("m", VIP3));
        // Both peers get the new address list, as an operator reloads both (keepalived 2.2.7 drops adverts whose
        // address count differs from its own): vigil by SIGHUP first, keepalived right after, well within its
        // master-down interval (3.6 s), so neither ever sees the other go.
        Files.writeString(conf, config(instance("VI_2", 62, 150, VIP2, VIP3), realServer("w1", 5) + realServer("w2", 2)));
        assertEquals(0, lan.host("m").exec("kill", "-HUP", Long.toString(vigil.process().pid())).exitCode());
        vigil.process().awaitOutput(Pattern.compile("updated in place \\[VI_2\\]"), START);
        Files.writeString(keepalived.dir().resolve("ka.conf"), instance("VI_1", 61, 100, VIP1)
                + instance("VI_2", 62, 100, VIP2, VIP3));
        assertEquals(0, lan.host("b").exec("kill", "-HUP", Long.toString(keepalived.process().pid())).exitCode());
        assertTrue(vigil.log().contains("reload: ~ vrrp_instance VI_2"), vigil.log());
        Awaitility.await().atMost(START).until(() -> lan.hasAddress("m", VIP3));
        assertTrue(lan.hasAddress("m", VIP2));
        Thread.sleep(4_000); // longer than keepalived's master-down interval: it would have taken over by now
        assertEquals(vi2Transition, lastTransition("VI_2"), "VI_2 stayed MASTER through the reload");
        assertEquals("MASTER", vigil.lastState("VI_2"));
        assertTrue(vigil.status(true).matches("(?s).*\"base_priority\"\\s*:\\s*150\\b.*"), vigil.status(true));
        assertEquals("BACKUP", keepalived.lastState("VI_2"), keepalived.log());
        assertEquals(keepalivedVi2Masters, count(keepalived.log(), "(VI_2) Entering MASTER STATE"), keepalived.log());
        vi1Untouched();
    }

    @Test
    @Order(6)
    void aRemovedInstanceSendsPriorityZeroAndReleasesItsVip() throws Exception {
        assertTrue(lan.hasAddress("m", VIP2));
        Files.writeString(conf, config(false, realServer("w1", 5) + realServer("w2", 2)));
        long before = System.nanoTime();
        ExecResult r = reload();
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
        assertTrue(r.stdout().contains("- vrrp_instance VI_2"), r.stdout());
        keepalived.awaitState("VI_2", "MASTER", Duration.ofSeconds(10));
        double tookSeconds = (System.nanoTime() - before) / 1e9;
        assertTrue(tookSeconds < 3, "keepalived took VI_2 after " + tookSeconds
                + " s: a priority-0 advert lets it take over after its skew time, not after master down (3 s)");
        assertFalse(lan.hasAddress("m", VIP2));
        assertFalse(lan.hasAddress("m", VIP3));
        assertFalse(vigil.status(false).contains("VI_2"));
        vi1Untouched();
    }

    @Test
    @Order(7)
    void aNoOpReloadChangesNothing() throws Exception {
        ExecResult r = reload();
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
        assertTrue(r.stdout().startsWith("no changes"), r.stdout());
        vi1Untouched();
        assertEquals(1, vigil.transitions("VI_1", "MASTER"), vigil.log());
        assertEquals(keepalivedVi1Masters, count(keepalived.log(), "(VI_1) Entering MASTER STATE"), keepalived.log());
    }

    private static ExecResult reload() {
        return lan.host("m").exec(VigilPeer.LAUNCHER.toString(), "reload", "--state-dir",
                vigil.dir().resolve("state").toString());
    }

    /** VI_1 is MASTER since the same instant, and keepalived never left BACKUP for it. */
    private static void vi1Untouched() {
        assertEquals(vi1Transition, lastTransition("VI_1"));
        assertEquals("MASTER", vigil.lastState("VI_1"));
        assertTrue(lan.hasAddress("m", VIP1));
        assertEquals("BACKUP", keepalived.lastState("VI_1"), keepalived.log());
    }

    private static String lastTransition(String instance) {
        Matcher m = Pattern.compile("\"iname\"\\s*:\\s*\"" + instance + "\".*?\"last_transition\"\\s*:\\s*(\"[^\"]*\"|null)",
                Pattern.DOTALL).matcher(vigil.status(true));
        assertTrue(m.find(), vigil.status(true));
        return m.group(1);
    }

    private static int count(String text, String needle) {
        return text.split(Pattern.quote(needle), -1).length - 1;
    }

    private static int lineOf(String text, String needle) {
        return text.substring(0, text.indexOf(needle)).split("\n", -1).length;
    }

    /** Waits for {@code vigil list} to show what {@code ok} wants; on a timeout the daemon's log is in the message. */
    private static void awaitList(java.util.function.Predicate<String> ok) {
        try {
            Awaitility.await().atMost(START).pollInterval(Duration.ofMillis(200))
                    .until(() -> ok.test(vigil.list(false)));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("vigil list never showed what the case waits for within " + START
                    + "; the daemon's log:\n" + vigil.process().output(), e);
        }
    }
}
