package io.vigil.director.engine;

import io.vigil.dataplane.lab.NetnsLab;
import io.vigil.director.engine.TakeoverUnderLoad.DirectorPair;
import io.vigil.director.engine.TakeoverUnderLoad.FailoverCase;
import io.vigil.director.engine.TakeoverUnderLoad.Outcome;
import io.vigil.director.lab.LineEchoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Failover that breaks no connection (issue 10) in LVS-NAT with the sync-group gateway: the pair of
 * {@code conf/lvs-nat} ({@code a} runs master.conf, {@code b} backup.conf) with only what a case adds to it. Clients
 * reach VIP 198.18.10.100:80 on the outside segment; real servers {@code rs1} and {@code rs2} run a line echo service
 * on port 8080 of the inside segment, whose default route is the gateway VIP 198.18.11.254; both VIPs move together
 * (vrrp_sync_group {@code VG_LVS}). Client {@code c} holds {@value TakeoverUnderLoad#CONNECTIONS} connections through
 * the VIP ({@link TakeoverUnderLoad}); then {@code a} dies: both its links are cut and its daemon killed with -9, and
 * {@code b} must carry every connection on, in both directions (the clients' packets and the real servers' replies).
 *
 * <p>Cases, one after the other on one topology: IPVS connection sync ({@code lvs_sync_daemon eth1 VI_INSIDE}, the
 * inside segment both directors share, with rr and no sloppy TCP), and stateless takeover (mh + sloppy TCP, no sync).
 * The control (rr, neither) is {@link ZeroBrokenConnectionsLabTest}'s.
 */
@Tag("netns")
class ZeroBrokenNatConnectionsLabTest {

    @RegisterExtension
    static final NetnsLab lab = new NetnsLab();

    private static final Path CONF = Path.of("..", "conf", "lvs-nat").toAbsolutePath().normalize();
    private static final String VIP = "198.18.10.100";
    private static final int PORT = 80;
    private static final int REAL_PORT = 8080;
    /** The line of both example files' global_defs after which a case adds its own. */
    private static final String TIMEOUTS = "lvs_timeouts tcp 900 tcpfin 120 udp 300\n";
    private static final String SCHEDULER = "lb_algo rr\n";

    private static LvsNatSegments segments;
    @AutoClose
    private static LineEchoServer echo;

    static Stream<FailoverCase> cases() {
        return Stream.of(
                new FailoverCase("NAT, rr + sync (lvs_sync_daemon), no sloppy TCP",
                        master -> example(master, "lvs_sync_daemon eth1 VI_INSIDE", "rr"), "", true),
                new FailoverCase("NAT, mh + sloppy TCP, no sync", master -> example(master, "", "mh\n    mh-port"),
                        "vigil.dataplane.sloppy-tcp = true", true));
    }

    /**
     * {@code conf/lvs-nat/master.conf} (or backup.conf) with {@code globalDefs} added to global_defs and
     * {@code scheduler} (lb_algo's value and any further virtual_server lines) instead of {@code rr}.
     */
    static String example(boolean master, String globalDefs, String scheduler) {
        try {
            String conf = Files.readString(CONF.resolve(master ? "master.conf" : "backup.conf"));
            if (!conf.contains(TIMEOUTS) || !conf.contains(SCHEDULER)) {
                throw new IllegalStateException("conf/lvs-nat changed: no '" + TIMEOUTS.strip() + "' or '"
                        + SCHEDULER.strip() + "' to build the case on");
            }
            return conf.replace(TIMEOUTS, TIMEOUTS + "    " + globalDefs + "\n")
                    .replace(SCHEDULER, "lb_algo " + scheduler + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void segments() throws Exception {
        segments = LvsNatSegments.build(lab, List.of("a", "b"), List.of("rs1", "rs2"));
        echo = LineEchoServer.start(REAL_PORT,
                Map.of("rs1", segments.inside().host("rs1"), "rs2", segments.inside().host("rs2")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void natConnectionsThroughATakeover(FailoverCase c) throws Exception {
        var a = segments.outside().host("a");
        try (DirectorPair directors = TakeoverUnderLoad.start(c, a, segments.outside().host("b"),
                "VI_INSIDE", "198.18.11.1:" + REAL_PORT, "198.18.11.2:" + REAL_PORT)) {
            directors.a().awaitState("VI_OUTSIDE", "MASTER", Duration.ofSeconds(10));
            Outcome outcome = TakeoverUnderLoad.failOver(directors, "VI_INSIDE", segments.outside().host("c"),
                    new InetSocketAddress(VIP, PORT), () -> {
                        a.exec("ip", "link", "set", "eth0", "down").orThrow();
                        a.exec("ip", "link", "set", "eth1", "down").orThrow();
                    });
            TakeoverUnderLoad.judge(c, directors, outcome);
        } finally {
            // a comes back for the next case: its links, without the VIPs its killed daemon left.
            for (String link : List.of("eth0", "eth1")) {
                a.exec("ip", "link", "set", link, "up").orThrow();
            }
            a.exec("ip", "addr", "del", VIP + "/24", "dev", "eth0");
            a.exec("ip", "addr", "del", LvsNatSegments.GATEWAY + "/24", "dev", "eth1");
        }
    }
}
