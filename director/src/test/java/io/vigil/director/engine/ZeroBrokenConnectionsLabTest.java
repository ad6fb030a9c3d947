package io.vigil.director.engine;

import io.vigil.dataplane.lab.NetnsLab;
import io.vigil.director.engine.TakeoverUnderLoad.DirectorPair;
import io.vigil.director.engine.TakeoverUnderLoad.FailoverCase;
import io.vigil.director.engine.TakeoverUnderLoad.Outcome;
import io.vigil.director.lab.Lan;
import io.vigil.director.lab.LineEchoServer;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Failover that breaks no connection (issue 10), as a harness that takes the keepalived.conf and engine settings of
 * each case: two vigil directors {@code a} (MASTER, priority 150) and {@code b} (BACKUP, 100) float VIP
 * 198.18.40.100 by VRRP (advert_int 1) and forward its port 7000 by LVS-DR to real servers {@code r1} and {@code r2},
 * which run a line echo service and hold the VIP on lo; client {@code c} holds {@value TakeoverUnderLoad#CONNECTIONS}
 * TCP connections through the VIP, each exchanging a line every 300 ms ({@link TakeoverUnderLoad}). Then {@code a}
 * dies: its link is cut and its daemon killed with -9. A case states whether its connections survive the takeover by {@code b} (0 reset, none
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

    private static Lan lan;
    @AutoClose
    private static LineEchoServer echo;

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
        for (String r : new String[] {"r1", "r2"}) {
            lab.address(lan.host(r), "lo", VIP + "/32");
            lan.host(r).sysctl("net.ipv4.conf.all.arp_ignore", "1");
            lan.host(r).sysctl("net.ipv4.conf.all.arp_announce", "2");
        }
        echo = LineEchoServer.start(PORT, Map.of("r1", lan.host("r1"), "r2", lan.host("r2")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void connectionsThroughATakeover(FailoverCase c) throws Exception {
        try (DirectorPair directors = TakeoverUnderLoad.start(c, lan.host("a"), lan.host("b"), "VI_1",
                lan.address("r1") + ":" + PORT, lan.address("r2") + ":" + PORT)) {
            Outcome outcome = TakeoverUnderLoad.failOver(directors, "VI_1", lan.host("c"),
                    new InetSocketAddress(VIP, PORT), () -> lan.host("a").exec("ip", "link", "set", "eth0", "down").orThrow());
            TakeoverUnderLoad.judge(c, directors, outcome);
        } finally {
            // a comes back for the next case: its link, and without the VIP its killed daemon left on eth0.
            lan.host("a").exec("ip", "link", "set", "eth0", "up").orThrow();
            lan.host("a").exec("ip", "addr", "del", VIP + "/32", "dev", "eth0");
        }
    }
}
