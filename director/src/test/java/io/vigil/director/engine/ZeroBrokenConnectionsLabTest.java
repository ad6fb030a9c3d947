package io.vigil.director.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.lab.NetnsLab;
import io.vigil.director.lab.ConnectionReport;
import io.vigil.director.lab.Lan;
import io.vigil.director.lab.LineEchoServer;
import io.vigil.director.lab.LongLivedConnections;
import io.vigil.director.lab.VigilPeer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Failover that breaks no connection (issue 10), as a harness that takes the keepalived.conf and engine settings of
 * each case: two vigil directors {@code a} (MASTER, priority 150) and {@code b} (BACKUP, 100) float VIP
 * 198.18.40.100 by VRRP (advert_int 1) and forward its port 7000 by LVS-DR to real servers {@code r1} and {@code r2},
 * which run a line echo service and hold the VIP on lo; client {@code c} holds {@value #CONNECTIONS} TCP
 * connections through the VIP, each exchanging a line every 300 ms. Then {@code a} dies: its link is cut and its
 * daemon killed with -9. A case states whether its connections survive the takeover by {@code b} (0 reset, none
 * stalled, none moved to another real server, every one answering again after the takeover) or break (every one: the
 * control, which shows that the harness measures something). The backup's configuration lists the real servers in
 * the opposite order, as a director whose health checks brought them up the other way round would hold them.
 *
 * <p>One topology serves every case, run one after the other ({@link #cases()}): stateless takeover (mh + sloppy TCP),
 * IPVS connection sync ({@code lvs_sync_daemon} with rr, no sloppy TCP), and the control (rr, neither).
 */
@Tag("netns")
class ZeroBrokenConnectionsLabTest {

    @RegisterExtension
    static final NetnsLab lab = new NetnsLab();

    static final String VIP = "198.18.40.100";
    static final int PORT = 7000;
    static final int CONNECTIONS = 200;
    static final Duration INTERVAL = Duration.ofMillis(300);
    /** A connection that exchanged nothing for this long when the run ends is broken (it answers every 300 ms). */
    static final Duration STALL_LIMIT = Duration.ofSeconds(2);
    /**
     * The failover window a surviving connection may be silent for: 3 x advert_int + skew (3.6 s) for the backup to
     * take over, plus TCP's retransmission back-off (the lost segment is sent again 0.2, 0.6, 1.4, 3.0, 6.2 s after
     * its first send, so the first retransmission after the takeover comes up to 3.2 s later).
     */
    static final Duration FAILOVER_WINDOW = Duration.ofSeconds(10);
    /** The metrics read from b after the takeover (regexes over the exposition's sample names). */
    private static final String TABLE_SIZE = "vigil_dataplane_connections";
    private static final String NO_CONNECTION_DROPS = "vigil_dataplane_drops_total\\{reason=\"no_connection\"}";
    private static final String SYNC_SENT = "vigil_sync_connections_sent_total";
    private static final String SYNC_RECEIVED = "vigil_sync_connections_received_total";
    private static final String SYNC_LAG_MAX = "vigil_sync_lag_max_seconds";

    private static Lan lan;
    private static LineEchoServer echo;
    private static Path dir;
    private static int caseNumber;

    /**
     * One way of running the two directors.
     *
     * @param name      what the report calls it
     * @param conf      the keepalived.conf of {@code a} (given true) and of {@code b} (given false)
     * @param settings  engine settings (HOCON lines) for both, e.g. {@code vigil.dataplane.sloppy-tcp = true}
     * @param survives  whether every connection must survive the takeover (else every one must break)
     */
    record FailoverCase(String name, Function<Boolean, String> conf, String settings, boolean survives) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<FailoverCase> cases() {
        return Stream.of(
                new FailoverCase("mh + sloppy TCP, no sync", master -> directRouting(master, "mh", "mh-port", ""),
                        "vigil.dataplane.sloppy-tcp = true", true),
                new FailoverCase("rr + sync (lvs_sync_daemon), no sloppy TCP",
                        master -> directRouting(master, "rr", "", "lvs_sync_daemon eth0 VI_1"), "", true),
                new FailoverCase("rr, no sloppy TCP, no sync (control)", master -> directRouting(master, "rr", "", ""),
                        "", false));
    }

    /**
     * The directors' keepalived.conf: VRRP instance {@code VI_1} on eth0 (a MASTER 150, b BACKUP 100) with the VIP,
     * and the DR virtual server with {@code lb_algo}, extra virtual_server lines {@code vsLines} (flags such as
     * {@code mh-port}) and extra {@code globalDefs} lines (e.g. {@code lvs_sync_daemon eth0 VI_1}).
     */
    static String directRouting(boolean master, String lbAlgo, String vsLines, String globalDefs) {
        String r1 = realServer(lan.address("r1"));
        String r2 = realServer(lan.address("r2"));
        return """
                global_defs {
                    router_id director_%s
                    %s
                }
                vrrp_instance VI_1 {
                    state %s
                    interface eth0
                    virtual_router_id 40
                    priority %d
                    advert_int 1
                    virtual_ipaddress {
                        %s/32 dev eth0
                    }
                }
                virtual_server %s %d {
                    delay_loop 1
                    lb_algo %s
                    lb_kind DR
                    protocol TCP
                    %s
                %s%s}
                """.formatted(master ? "a" : "b", globalDefs, master ? "MASTER" : "BACKUP", master ? 150 : 100, VIP,
                VIP, PORT, lbAlgo, vsLines, master ? r1 : r2, master ? r2 : r1);
    }

    private static String realServer(String address) {
        return """
                    real_server %s %d {
                        TCP_CHECK {
                            connect_timeout 1
                        }
                    }
                """.formatted(address, PORT);
    }

    @BeforeAll
    static void segment() throws Exception {
        lan = Lan.build(lab, "198.18.40", "c", "a", "b", "r1", "r2");
        dir = Files.createTempDirectory("vzb");
        for (String r : new String[] {"r1", "r2"}) {
            lab.address(lan.host(r), "lo", VIP + "/32");
            lan.host(r).sysctl("net.ipv4.conf.all.arp_ignore", "1");
            lan.host(r).sysctl("net.ipv4.conf.all.arp_announce", "2");
        }
        echo = LineEchoServer.start(PORT, Map.of("r1", lan.host("r1"), "r2", lan.host("r2")));
    }

    @AfterAll
    static void stopEcho() throws Exception {
        if (echo != null) {
            echo.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void connectionsThroughATakeover(FailoverCase c) throws Exception {
        // Short paths: the control socket's path must fit sockaddr_un.
        Path caseDir = dir.resolve(Integer.toString(++caseNumber));
        long startedAt = System.nanoTime();
        // Both daemons start at once (each JVM takes seconds); a has the higher priority whoever is up first.
        CompletableFuture<VigilPeer> startingB = CompletableFuture.supplyAsync(() -> start(caseDir, c, false));
        try (VigilPeer a = start(caseDir, c, true); VigilPeer b = startingB.join()) {
            a.awaitState("VI_1", "MASTER", Duration.ofSeconds(30));
            b.awaitState("VI_1", "BACKUP", Duration.ofSeconds(30));
            awaitPool(a);
            awaitPool(b);
            double readySeconds = (System.nanoTime() - startedAt) / 1e9;

            LongLivedConnections client = LongLivedConnections.open(lan.host("c"),
                    new InetSocketAddress(VIP, PORT), CONNECTIONS, INTERVAL);
            Thread.sleep(2000);
            int mastered = b.transitions("VI_1", "MASTER"); // b may have been MASTER until a came up
            String before = a.metrics();
            String syncBefore = "sync: a sent " + metric(before, SYNC_SENT) + " connections, lag max "
                    + metric(before, SYNC_LAG_MAX) + " s; ";
            lan.host("a").exec("ip", "link", "set", "eth0", "down").orThrow();
            a.process().kill();
            long killedAt = System.nanoTime();
            Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20))
                    .until(() -> b.transitions("VI_1", "MASTER") > mastered);
            long takeoverAt = System.nanoTime();
            Awaitility.await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(100))
                    .until(() -> client.answeringSince(takeoverAt) == CONNECTIONS || System.nanoTime() - takeoverAt
                            > Duration.ofSeconds(7).toNanos());
            Thread.sleep(STALL_LIMIT.toMillis());
            ConnectionReport report = client.stop(STALL_LIMIT);
            String metrics = b.metrics();
            System.out.printf("%s: directors ready in %.1f s; b MASTER %.2f s after kill -9; %s; b: %s connections, "
                            + "%s no_connection drops; %sb received %s%n", c.name(), readySeconds,
                    (takeoverAt - killedAt) / 1e9, report, metric(metrics, TABLE_SIZE),
                    metric(metrics, NO_CONNECTION_DROPS), syncBefore, metric(metrics, SYNC_RECEIVED));

            if (c.survives()) {
                assertEquals(0, report.broken(), report + "\nb's log:\n" + b.log());
                assertEquals(0, report.moved(), "a connection reached another real server: " + report);
                assertTrue(report.perServer().size() == 2, "the hash spreads the connections: " + report);
                assertTrue(report.longestGap().compareTo(FAILOVER_WINDOW) < 0,
                        "silent longer than the failover window: " + report);
                assertTrue(Double.parseDouble(metric(metrics, TABLE_SIZE)) >= CONNECTIONS,
                        "b carries every connection in its table");
            } else {
                assertEquals(CONNECTIONS, report.broken(), report.toString());
                assertTrue(Double.parseDouble(metric(metrics, NO_CONNECTION_DROPS)) > 0,
                        "b dropped the mid-flow packets it had no entry for");
            }
        } finally {
            // a comes back for the next case: its link, and without the VIP its killed daemon left on eth0.
            lan.host("a").exec("ip", "link", "set", "eth0", "up").orThrow();
            lan.host("a").exec("ip", "addr", "del", VIP + "/32", "dev", "eth0");
        }
    }

    private static VigilPeer start(Path caseDir, FailoverCase c, boolean master) {
        String name = master ? "a" : "b";
        try {
            return VigilPeer.start(lan.host(name), caseDir.resolve(name), c.conf().apply(master), c.settings());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitPool(VigilPeer director) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
            String list = director.list(false);
            return list.contains("-> " + lan.address("r1") + ":" + PORT) && list.contains("-> " + lan.address("r2") + ":" + PORT);
        });
    }

    /** The value of the first sample of {@code name} (a regex) in the exposition, or "none". */
    private static String metric(String exposition, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\s+(\\S+)").matcher(exposition);
        return m.find() ? m.group(1) : "none";
    }
}
