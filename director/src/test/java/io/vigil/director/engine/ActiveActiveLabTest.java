package io.vigil.director.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.lab.Netns;
import io.vigil.dataplane.lab.NetnsLab;
import io.vigil.director.lab.Bird;
import io.vigil.director.lab.ConnectionReport;
import io.vigil.director.lab.Lan;
import io.vigil.director.lab.LineEchoServer;
import io.vigil.director.lab.LongLivedConnections;
import io.vigil.director.lab.VigilPeer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
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
 * Active-active directors (issue 13): router {@code r} runs BIRD with ECMP (multipath, {@code merge paths}, the L4
 * hash policy 3 so that the flows of one client spread) and eBGP + BFD to three vigil directors {@code d1..d3}, each
 * with its own BIRD that exports the VIP from the TUN device vigil holds while it serves it ({@code vigil.announce}).
 * The directors forward VIP 198.18.122.100:7000 by LVS-DR ({@code mh} with {@code mh-port}, sloppy TCP) to real
 * servers {@code s1} and {@code s2} on the same segment, which hold the VIP on lo and answer client {@code c}
 * (behind r) directly. Each director health-checks the real servers on a port of its own (7101..7103), so one
 * director's quorum can be taken away alone.
 *
 * <p>The addresses and BIRD configurations are those of {@code conf/active-active}; the directors' keepalived.conf
 * differs from the example's only in the health-check port.
 *
 * <p>One lab serves the cases, in order: quorum loss on d3 withdraws only d3's path; hundreds of long-lived
 * connections spread over the three directors, then d1's daemon is killed with -9 and its link cut (r withdraws the
 * path within tens of ms, no connection breaks), and d1 comes back and takes a share of new flows.
 */
@Tag("netns")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ActiveActiveLabTest {

    @RegisterExtension
    static final NetnsLab lab = new NetnsLab();

    /** The example whose BIRD configurations the lab runs unchanged (but for the log and each director's address). */
    static final Path EXAMPLE = Path.of("..", "conf", "active-active").toAbsolutePath().normalize();
    static final String NET = "198.18.120";
    static final String VIP = "198.18.122.100";
    static final int PORT = 7000;
    static final int CONNECTIONS = 300;
    static final List<String> DIRECTORS = List.of("d1", "d2", "d3");
    private static final Pattern NEXTHOP = Pattern.compile("via (" + Pattern.quote(NET) + "\\.\\d+)");

    private static Lan lan;
    private static Netns client;
    private static Path dir;
    private static LineEchoServer service;
    private static final Map<String, LineEchoServer> healthPorts = new LinkedHashMap<>();
    private static final Map<String, VigilPeer> directors = new LinkedHashMap<>();
    private static final Map<String, Bird> birds = new LinkedHashMap<>();
    private static Bird router;

    @BeforeAll
    static void lab() throws Exception {
        lan = Lan.build(lab, NET, "r", "d1", "d2", "d3", "s1", "s2");
        client = lab.namespace("aac" + Long.toHexString(System.nanoTime() & 0xfff));
        lab.veth(lan.host("r"), "eth1", "198.18.121.1/24", client, "eth0", "198.18.121.2/24");
        client.exec("ip", "route", "add", "default", "via", "198.18.121.1").orThrow();
        Netns r = lan.host("r");
        r.sysctl("net.ipv4.ip_forward", "1");
        r.sysctl("net.ipv4.fib_multipath_hash_policy", "3");
        r.sysctl("net.ipv4.fib_multipath_hash_fields", "0x0037");
        for (String s : List.of("s1", "s2")) {
            Netns host = lan.host(s);
            lab.address(host, "lo", VIP + "/32");
            host.sysctl("net.ipv4.conf.all.arp_ignore", "1");
            host.sysctl("net.ipv4.conf.all.arp_announce", "2");
            host.exec("ip", "route", "add", "default", "via", lan.address("r")).orThrow();
        }
        Map<String, Netns> servers = Map.of("s1", lan.host("s1"), "s2", lan.host("s2"));
        service = LineEchoServer.start(PORT, servers);
        for (String d : DIRECTORS) {
            healthPorts.put(d, LineEchoServer.start(healthPort(d), servers));
            lan.host(d).exec("ip", "route", "add", "default", "via", lan.address("r")).orThrow();
        }
        dir = Files.createTempDirectory("vaa");
        router = Bird.start(r, dir, "r", routerBird());
        for (String d : DIRECTORS) {
            birds.put(d, Bird.start(lan.host(d), dir, d, directorBird(lan.address(d))));
        }
        long startedAt = System.nanoTime();
        List<CompletableFuture<VigilPeer>> starting = new ArrayList<>();
        for (String d : DIRECTORS) {
            starting.add(CompletableFuture.supplyAsync(() -> startDirector(d, d)));
        }
        for (int i = 0; i < DIRECTORS.size(); i++) {
            directors.put(DIRECTORS.get(i), starting.get(i).join());
        }
        awaitNexthops(Set.of("d1", "d2", "d3"), Duration.ofSeconds(60));
        System.out.printf("active-active: r routes %s over d1, d2, d3 %.1f s after the three daemons were started%n",
                VIP, (System.nanoTime() - startedAt) / 1e9);
    }

    @AfterAll
    static void stop() throws Exception {
        directors.values().forEach(VigilPeer::close);
        birds.values().forEach(Bird::close);
        if (router != null) {
            router.close();
        }
        for (LineEchoServer e : healthPorts.values()) {
            e.close();
        }
        if (service != null) {
            service.close();
        }
    }

    @Test
    @Order(1)
    void quorumLossOnOneDirectorWithdrawsOnlyItsPath() throws Exception {
        healthPorts.remove("d3").close(); // d3's checks of s1 and s2 fail: its pool loses quorum
        try {
            long lostAt = System.nanoTime();
            awaitNexthops(Set.of("d1", "d2"), Duration.ofSeconds(30));
            System.out.printf("active-active: d3 lost quorum, r routes over d1, d2 %.2f s after its check port closed%n",
                    (System.nanoTime() - lostAt) / 1e9);
            directors.get("d3").process().awaitOutput(Pattern.compile("quorum down[\\s\\S]*withdrew the announcement of "
                    + Pattern.quote(VIP)), Duration.ofSeconds(10));
            assertTrue(directors.get("d3").status(false).contains("Announced: none (of " + VIP + ")"),
                    directors.get("d3").status(false));
            assertTrue(directors.get("d1").status(false).contains("Announced: " + VIP + " (of " + VIP + ")"),
                    directors.get("d1").status(false));
            assertEquals(40, shortConnections(40), "the other directors keep serving every new connection");
        } finally {
            healthPorts.put("d3", LineEchoServer.start(healthPort("d3"),
                    Map.of("s1", lan.host("s1"), "s2", lan.host("s2"))));
        }
        awaitNexthops(Set.of("d1", "d2", "d3"), Duration.ofSeconds(30));
    }

    @Test
    @Order(2)
    void connectionsSpreadAndNoneBreaksWhenADirectorDiesOrComesBack() throws Exception {
        Map<String, Long> before = directorConns();
        LongLivedConnections connections = LongLivedConnections.open(client, new InetSocketAddress(VIP, PORT),
                CONNECTIONS, TakeoverUnderLoad.INTERVAL);
        Thread.sleep(1500);
        Map<String, Long> spread = delta(before, directorConns());
        long total = spread.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("active-active: %d long-lived connections over the directors (vigil list --stats): %s%n",
                CONNECTIONS, spread);

        String killedDirector = "d1";
        directors.get(killedDirector).process().kill();
        long killedAt = System.nanoTime();
        awaitNexthops(Set.of("d2", "d3"), Duration.ofSeconds(10));
        long withdrawnAt = System.nanoTime();
        lan.host(killedDirector).exec("ip", "link", "set", "eth0", "down").orThrow();
        long cutAt = System.nanoTime();
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20))
                .until(() -> !router.established(killedDirector));
        long sessionDownAt = System.nanoTime();
        System.out.printf("active-active: d1 killed (-9): r withdrew its path %.1f ms later (TUN device gone, BGP "
                        + "withdraw); link cut: r's BGP session to d1 down %.0f ms later (BFD 100 ms x 5)%n",
                (withdrawnAt - killedAt) / 1e6, (sessionDownAt - cutAt) / 1e6);
        awaitAnswering(connections, withdrawnAt);

        lan.host(killedDirector).exec("ip", "link", "set", "eth0", "up").orThrow();
        long backFrom = System.nanoTime();
        directors.put(killedDirector, startDirector(killedDirector, killedDirector + "-again"));
        awaitNexthops(Set.of("d1", "d2", "d3"), Duration.ofSeconds(40));
        long backAt = System.nanoTime();
        awaitSteadyNexthops(Set.of("d1", "d2", "d3"), Duration.ofSeconds(3), Duration.ofSeconds(40));
        awaitAnswering(connections, backAt);
        Thread.sleep(1000);
        Map<String, Long> beforeNew = directorConns();
        assertEquals(90, shortConnections(90), "every new connection is served with d1 back");
        Map<String, Long> newSpread = delta(beforeNew, directorConns());
        Thread.sleep(TakeoverUnderLoad.STALL_LIMIT.toMillis());
        ConnectionReport report = connections.stop(TakeoverUnderLoad.STALL_LIMIT);
        System.out.printf("active-active: d1 back in r's route %.1f s after its link and daemon restarted; 90 new connections: %s; "
                + "long-lived: %s%n", (backAt - backFrom) / 1e9, newSpread, report);

        assertTrue(total >= CONNECTIONS, "every connection was counted by a director: " + spread);
        for (String d : DIRECTORS) {
            assertTrue(spread.get(d) >= CONNECTIONS * 15 / 100, d + " took a share of the connections: " + spread);
        }
        assertEquals(0, report.broken(), report + "\nd2's log:\n" + directors.get("d2").log());
        assertEquals(0, report.moved(), "a connection reached another real server: " + report);
        assertEquals(2, report.perServer().size(), "the connections spread over both real servers: " + report);
        assertTrue(newSpread.get(killedDirector) >= 9, "d1 takes a share of new flows once back: " + newSpread
                + "; r routes over " + nexthops() + "\nr's BIRD:\n" + router.birdc("show", "protocols", "all", "d1")
                .stdout() + router.log() + "\nd1:\n" + directors.get("d1").log());
    }

    @Test
    @Order(3)
    void shutdownWithdrawsBeforeForwardingStops() throws Exception {
        VigilPeer d2 = directors.get("d2");
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(d2::terminate);
        long termAt = System.nanoTime();
        awaitNexthops(Set.of("d1", "d3"), Duration.ofSeconds(20));
        System.out.printf("active-active: d2 stopping (SIGTERM): r withdrew its path %.0f ms later%n",
                (System.nanoTime() - termAt) / 1e6);
        assertEquals(0, exit.get(30, java.util.concurrent.TimeUnit.SECONDS), d2.log());
        String log = d2.log();
        int withdrew = log.indexOf("withdrew the announcement of [/" + VIP + "]");
        int draining = log.indexOf("draining for 1000 ms before forwarding stops");
        int stopped = log.lastIndexOf("stopped");
        assertTrue(withdrew >= 0 && withdrew < draining && draining < stopped,
                "withdrawn, then 1 s of forwarding, then stopped:\n" + log);
    }

    /**
     * Waits until every connection has answered since {@code nanos}, or 12 s (TCP's retransmission back-off after the
     * path moved); the final report judges the ones that never did.
     */
    private static void awaitAnswering(LongLivedConnections connections, long nanos) throws InterruptedException {
        long deadline = nanos + Duration.ofSeconds(12).toNanos();
        while (connections.answeringSince(nanos) < CONNECTIONS && System.nanoTime() - deadline < 0) {
            Thread.sleep(100);
        }
    }

    /** The keepalived.conf of director {@code d}: the DR virtual server, checked on {@code d}'s own health port. */
    private static String directorConf(String d) {
        String rs = """
                    real_server %s %d {
                        TCP_CHECK {
                            connect_port %d
                            connect_timeout 1
                        }
                    }
                """;
        return """
                global_defs {
                    router_id %s
                }
                virtual_server %s %d {
                    delay_loop 1
                    lb_algo mh
                    mh-port
                    lb_kind DR
                    protocol TCP
                %s%s}
                """.formatted(d, VIP, PORT, rs.formatted(lan.address("s1"), PORT, healthPort(d)),
                rs.formatted(lan.address("s2"), PORT, healthPort(d)));
    }

    private static int healthPort(String director) {
        return 7100 + Integer.parseInt(director.substring(1));
    }

    private static VigilPeer startDirector(String d, String subdir) {
        try {
            return VigilPeer.start(lan.host(d), dir.resolve(subdir), directorConf(d), """
                    vigil.dataplane.sloppy-tcp = true
                    vigil.announce { vips = ["%s"], interface = "eth0", drain-delay = 1s }
                    """.formatted(VIP));
        } catch (Exception e) {
            throw new IllegalStateException("starting " + d + ": " + e.getMessage(), e);
        }
    }

    /** r's BIRD: {@code conf/active-active/bird-router.conf}, logging to stderr. */
    private static String routerBird() throws java.io.IOException {
        return example("bird-router.conf");
    }

    /** A director's BIRD: {@code conf/active-active/bird-director.conf} (d1's) with the director's address. */
    private static String directorBird(String address) throws java.io.IOException {
        return example("bird-director.conf").replace("198.18.120.2", address);
    }

    private static String example(String name) throws java.io.IOException {
        String text = Files.readString(EXAMPLE.resolve(name));
        assertTrue(text.contains("log syslog all;"), name);
        return text.replace("log syslog all;", "log stderr all;");
    }

    /** The directors r's route to the VIP goes through now (by their names), as {@code ip route} shows it. */
    private static Set<String> nexthops() {
        String route = lan.host("r").exec("ip", "route", "show", VIP).orThrow().stdout();
        Set<String> out = new TreeSet<>();
        Matcher m = NEXTHOP.matcher(route);
        while (m.find()) {
            for (String d : DIRECTORS) {
                if (lan.address(d).equals(m.group(1))) {
                    out.add(d);
                }
            }
        }
        return out;
    }

    private static void awaitNexthops(Set<String> expected, Duration timeout) {
        try {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(5)).until(() -> nexthops().equals(expected));
        } catch (RuntimeException e) {
            StringBuilder state = new StringBuilder("r routes " + VIP + " over " + nexthops() + ", expected "
                    + expected + "\nr's BIRD:\n" + router.birdc("show", "protocols").stdout());
            directors.forEach((d, p) -> state.append("\n--- ").append(d).append(" (").append(p.process().alive()
                    ? "running" : "gone").append("):\n").append(p.log()));
            throw new AssertionError(state.toString(), e);
        }
    }

    /**
     * Waits until r has routed over exactly {@code expected} for {@code steady} without a break (a session that just
     * came back may still flap once while its BFD session comes up).
     */
    private static void awaitSteadyNexthops(Set<String> expected, Duration steady, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long since = System.nanoTime();
        while (System.nanoTime() - since < steady.toNanos()) {
            if (!nexthops().equals(expected)) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("r's route to " + VIP + " did not settle on " + expected + ": "
                            + nexthops() + "\n" + router.birdc("show", "protocols").stdout() + router.log());
                }
                System.out.println("active-active: r's route changed to " + nexthops() + " while settling");
                awaitNexthops(expected, timeout);
                since = System.nanoTime();
            }
            Thread.sleep(100);
        }
    }

    /** Each director's Conns counter of the VIP's service ({@code vigil list --stats --exact}); 0 when it is down. */
    private static Map<String, Long> directorConns() {
        Map<String, Long> out = new TreeMap<>();
        Pattern line = Pattern.compile("(?m)^TCP\\s+" + Pattern.quote(VIP + ":" + PORT) + "\\s+(\\d+)");
        for (String d : DIRECTORS) {
            VigilPeer p = directors.get(d);
            long conns = 0;
            if (p.process().alive()) {
                Matcher m = line.matcher(p.list("--stats", "--exact"));
                conns = m.find() ? Long.parseLong(m.group(1)) : 0;
            }
            out.put(d, conns);
        }
        return out;
    }

    private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> out = new TreeMap<>();
        after.forEach((d, n) -> out.put(d, n - before.getOrDefault(d, 0L)));
        return out;
    }

    /** Opens {@code n} connections from the client one after the other, each exchanging a line; how many were answered. */
    private static int shortConnections(int n) throws Exception {
        return client.call(() -> {
            int answered = 0;
            for (int i = 0; i < n; i++) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(VIP, PORT), 5000);
                    s.setSoTimeout(5000);
                    OutputStream out = s.getOutputStream();
                    out.write("1\n".getBytes(StandardCharsets.US_ASCII));
                    String answer = new BufferedReader(new InputStreamReader(s.getInputStream(),
                            StandardCharsets.US_ASCII)).readLine();
                    if (answer != null && answer.endsWith(" 1")) {
                        answered++;
                    }
                } catch (java.io.IOException e) {
                    System.out.println("active-active: a new connection failed: " + e);
                }
            }
            return answered;
        });
    }
}
