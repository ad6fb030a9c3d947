package io.vigil.director.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import io.vigil.dataplane.lab.ExecResult;
import io.vigil.dataplane.lab.NetnsLab;
import io.vigil.director.lab.Lan;
import io.vigil.director.lab.Nginx;
import io.vigil.director.lab.VigilPeer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code vigil run} as a real process with nginx real servers in lab namespaces: HTTP_GET with a digest and
 * TCP_CHECK prune the pool that {@code vigil list} shows, within keepalived's timing; inhibit_on_failure, quorum loss
 * to the sorry server and recovery; the JSON form and the metrics. And the VRRP adverts stay on time while 1,000
 * checks hang on a host that drops SYNs. Issue 5's wiring checks.
 */
@Tag("netns")
class HealthDaemonLabTest {

    @RegisterExtension
    static final NetnsLab lab = new NetnsLab();

    private static final String NET = "198.18.32";
    private static final String VIP = NET + ".100";
    private static final String SORRY = NET + ".9:8080";
    private static final String BODY = "vigil lab real server\n";
    private static final Duration START = Duration.ofSeconds(20);
    /** delay_loop 1, retry 1, delay_before_retry 1, connect_timeout 1 (seconds) in the configuration below. */
    private static final double DELAY_LOOP = 1;
    private static final double RETRY = 1;
    private static final double DELAY_BEFORE_RETRY = 1;
    private static final double CONNECT_TIMEOUT = 1;
    /** Slack for process scheduling on a shared 2-core machine and for the 100 ms polling of vigil list. */
    private static final double MARGIN = 1.5;

    private Lan lan;
    private Path dir;
    private String lastList = "";

    @BeforeEach
    void segment() throws Exception {
        lan = Lan.build(lab, NET, "d", "w1", "w2", "w3", "sink");
        dir = Files.createTempDirectory("vigil-health-lab");
    }

    private static String digest() throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(BODY.getBytes(StandardCharsets.UTF_8)));
    }

    private static String vrrp(int priority) {
        return """
                vrrp_instance VI_1 {
                    state BACKUP
                    interface eth0
                    virtual_router_id 52
                    priority %d
                    advert_int 1
                    virtual_ipaddress {
                        %s/24
                    }
                }
                """.formatted(priority, VIP);
    }

    private String config() throws Exception {
        String http = """
                        HTTP_GET {
                            url {
                                path /health.html
                                digest %s
                            }
                            connect_timeout 1
                            retry 1
                            delay_before_retry 1
                        }
                """.formatted(digest());
        return vrrp(100) + """
                virtual_server %1$s 80 {
                    protocol TCP
                    lvs_sched rr
                    lvs_method NAT
                    delay_loop 1
                    quorum 2
                    sorry_server %2$s
                    real_server %3$s 80 {
                %4$s    }
                    real_server %5$s 80 {
                        inhibit_on_failure
                %4$s    }
                    real_server %6$s 80 {
                        TCP_CHECK {
                            connect_timeout 1
                            retry 1
                            delay_before_retry 1
                        }
                    }
                }
                virtual_server %1$s 8443 {
                    protocol TCP
                    delay_loop 1
                    real_server %6$s 8443 {
                        PING_CHECK {
                            connect_timeout 1
                        }
                    }
                    real_server %7$s 8443 {
                        PING_CHECK {
                            connect_timeout 1
                            retry 0
                        }
                    }
                }
                """.formatted(VIP, SORRY.replace(':', ' '), lan.address("w1"), http, lan.address("w2"),
                lan.address("w3"), NET + ".77");
    }

    private Nginx nginx(String host) throws Exception {
        return Nginx.start(lan.host(host), dir.resolve("nginx-" + host), lan.address(host) + ":80", BODY);
    }

    private static String line(String realServer, String forward, int weight) {
        return String.format("  -> %-28s %-7s %-6d %-10d %-10d", realServer, forward, weight, 0, 0);
    }

    /** Polls {@code vigil list} every 100 ms until {@code done} holds; returns the seconds it took. */
    private double until(VigilPeer v, Predicate<String> done, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        String last = "";
        while (System.nanoTime() - start < timeout.toNanos()) {
            last = v.list(false);
            lastList = last;
            if (done.test(last)) {
                return (System.nanoTime() - start) / 1e9;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("vigil list did not reach the expected pool within " + timeout + ":\n" + last
                + "\nlog:\n" + v.log());
    }

    /** These tests are about the pools the health checks keep, so the dataplane is off: `vigil list` shows the pools. */
    private static final String HEALTH_ONLY = "vigil.dataplane.enabled = false";

    @Test
    void nginxRealServersLeaveAndRejoinThePoolAsKeepalivedWould() throws Exception {
        String w1 = lan.address("w1") + ":80";
        String w2 = lan.address("w2") + ":80";
        String w3 = lan.address("w3") + ":80";
        try (Nginx n1 = nginx("w1"); Nginx n2 = nginx("w2"); Nginx n3 = nginx("w3");
             VigilPeer v = VigilPeer.start(lan.host("d"), dir.resolve("vigil"), config(),
                     HEALTH_ONLY)) {
            until(v, l -> l.contains(line(w1, "Masq", 1)) && l.contains(line(w2, "Masq", 1))
                    && l.contains(line(w3, "Masq", 1)), START);
            Thread.sleep(2_500); // every checker has run at least once (warmup <= delay_loop)
            String text = v.list(false);
            assertTrue(text.startsWith("IP Virtual Server version 1.2.1 (size=0)\nProt LocalAddress:Port Scheduler Flags\n"
                    + "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\nTCP  " + VIP + ":80 rr\n"), text);
            assertTrue(v.log().contains("checking 3 real server(s)"), v.log());
            // PING_CHECK through the kernel ICMP socket: w3 answers, nobody has .77.
            until(v, l -> l.contains(line(lan.address("w3") + ":8443", "Masq", 1)) && !l.contains(NET + ".77:8443"),
                    Duration.ofSeconds(10));

            // A stopped real server (connection refused at once) is down after the failing probe and `retry`
            // retries at delay_before_retry: at most delay_loop + retry * (delay_before_retry + connect_timeout).
            n1.stop();
            double down = until(v, l -> !l.contains(w1), Duration.ofSeconds(15));
            double bound = DELAY_LOOP + RETRY * (DELAY_BEFORE_RETRY + CONNECT_TIMEOUT);
            assertTrue(down <= bound + MARGIN, "removed after " + down + " s, expected <= " + bound + " s + margin");
            assertTrue(down >= RETRY * DELAY_BEFORE_RETRY - 0.3, "removed after " + down + " s, before the retry");
            assertTrue(v.log().contains("Removing service [" + lan.address("w1") + "]:tcp:80 from VS [" + VIP + "]:tcp:80"),
                    v.log());

            // A down checker comes back after a single success, within one delay_loop.
            n1.start();
            double up = until(v, l -> l.contains(line(w1, "Masq", 1)), Duration.ofSeconds(15));
            assertTrue(up <= DELAY_LOOP + MARGIN, "back after " + up + " s");

            // inhibit_on_failure: weight 0 instead of removal.
            n2.stop();
            until(v, l -> l.contains(line(w2, "Masq", 0)), Duration.ofSeconds(15));
            assertTrue(v.log().contains("Disabling service [" + lan.address("w2") + "]:tcp:80"), v.log());

            // Quorum 2 lost (only w3 is live): the sorry server takes over, the inhibited one stays at 0.
            n1.stop();
            until(v, l -> l.contains(line(SORRY, "Masq", 1)), Duration.ofSeconds(15));
            String sorry = lastList;
            assertTrue(sorry.contains(line(w2, "Masq", 0)), sorry);
            assertFalse(sorry.contains(w3), sorry);
            assertTrue(v.log().contains("Lost quorum 1 < 2 for VS [" + VIP + "]:tcp:80"), v.log());

            Config rs1 = json(v).getConfigList("real_servers").get(0);
            assertFalse(rs1.getBoolean("healthy"));
            assertFalse(rs1.getBoolean("in_pool"));
            assertEquals("connect_refused", rs1.getString("last_check.reason"));
            assertTrue(rs1.getDouble("last_check.latency_seconds") >= 0);
            assertTrue(rs1.getInt("failed_checks") >= 2, rs1.root().render());
            assertEquals("HTTP_GET", rs1.getConfigList("checkers").get(0).getString("type"));

            Thread.sleep(1_200); // one snapshot refresh for the metrics
            String metrics = v.metrics();
            assertTrue(metrics.contains("vigil_healthcheck_up{checker=\"HTTP_GET\",real_server=\"" + w1
                    + "\",virtual_server=\"[" + VIP + "]:tcp:80\"} 0"), metrics);
            assertTrue(metrics.contains("vigil_virtual_server_quorum_up{virtual_server=\"[" + VIP + "]:tcp:80\"} 0"), metrics);
            assertTrue(metrics.contains("vigil_healthcheck_failures_total{reason=\"connect_refused\"}"), metrics);
            assertTrue(metrics.contains("vigil_healthcheck_duration_seconds_bucket{checker=\"HTTP_GET\""), metrics);
            ExecResult lint = lan.host("d").execWithInput(metrics, "promtool", "check", "metrics");
            assertEquals(0, lint.exitCode(), lint.stdout() + lint.stderr());

            n1.start();
            n2.start();
            until(v, l -> l.contains(line(w1, "Masq", 1)) && l.contains(line(w2, "Masq", 1))
                    && l.contains(line(w3, "Masq", 1)) && !l.contains(SORRY), Duration.ofSeconds(15));
            assertTrue(v.log().contains("Gained quorum"), v.log());
        }
    }

    private static Config json(VigilPeer v) {
        List<? extends Config> services = ConfigFactory.parseString("{\"s\":" + v.list(true) + "}",
                ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON)).getConfigList("s");
        return services.getFirst();
    }

    private static long advertsSent(VigilPeer v) {
        Config all = ConfigFactory.parseString("{\"i\":" + v.status(true) + "}",
                ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON));
        return all.getConfigList("i").getFirst().getLong("stats.advert_sent");
    }

    @Test
    void vrrpAdvertsStayOnTimeWhileAThousandChecksHang() throws Exception {
        String sink = lan.address("sink");
        lan.host("sink").exec("nft", "add table inet lab").orThrow();
        lan.host("sink").exec("nft", "add chain inet lab in { type filter hook input priority 0 ; }").orThrow();
        lan.host("sink").exec("nft", "add rule inet lab in tcp dport 10000-10999 drop").orThrow();
        StringBuilder conf = new StringBuilder(vrrp(200)).append("virtual_server ").append(VIP)
                .append(" 80 {\n    protocol TCP\n    delay_loop 1\n    lvs_sched rr\n    lvs_method NAT\n");
        for (int port = 10000; port < 11000; port++) {
            conf.append("    real_server ").append(sink).append(' ').append(port)
                    .append(" {\n        TCP_CHECK {\n            connect_timeout 5\n            retry 0\n        }\n    }\n");
        }
        conf.append("}\n");
        try (VigilPeer v = VigilPeer.start(lan.host("d"), dir.resolve("vigil-slow"), conf.toString())) {
            v.awaitState("VI_1", "MASTER", START);
            Thread.sleep(6_000); // the first probes have hung for their whole connect_timeout
            long before = advertsSent(v);
            long start = System.nanoTime();
            Thread.sleep(10_000);
            long sent = advertsSent(v) - before;
            double window = (System.nanoTime() - start) / 1e9;
            assertTrue(Math.abs(sent - window) <= 1.5, sent + " adverts in " + window + " s at advert_int 1");
            String metrics = v.metrics();
            var timeouts = Pattern.compile("vigil_healthcheck_failures_total\\{reason=\"timeout\"} (\\d+)")
                    .matcher(metrics);
            assertTrue(timeouts.find() && Double.parseDouble(timeouts.group(1)) >= 1000, metrics.lines()
                    .filter(l -> l.startsWith("vigil_healthcheck_failures_total")).toList().toString());
            String list = v.list(false);
            assertEquals(List.of("TCP  " + VIP + ":80 rr"), list.lines().skip(3).toList(),
                    "every hung real server left the pool");
        }
    }
}
