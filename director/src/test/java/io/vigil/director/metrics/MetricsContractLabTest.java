package io.vigil.director.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.lab.NetnsLab;
import io.vigil.director.lab.Lan;
import io.vigil.director.lab.Nginx;
import io.vigil.director.lab.VigilPeer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The metrics contract on a live director: VRRP MASTER with a tracked vrrp_script and an excluded VIP, a NAT virtual
 * server forwarding to one live real server while the other fails its TCP_CHECK, and one reload. The scrape passes
 * {@code promtool check metrics}; every metric family it serves is documented in README's Metrics tables, and every
 * metric those tables document is served.
 */
@Tag("netns")
class MetricsContractLabTest {

    @RegisterExtension
    static final NetnsLab lab = new NetnsLab();

    private static final String CONFIG = """
            vrrp_script chk_true {
                script "/bin/true"
                interval 1
            }
            vrrp_instance VI_1 {
                state MASTER
                interface eth0
                virtual_router_id 71
                priority 150
                advert_int 1
                virtual_ipaddress {
                    198.18.14.100/24 dev eth0
                }
                virtual_ipaddress_excluded {
                    198.18.14.101/24 dev eth0
                }
                track_script {
                    chk_true
                }
            }
            virtual_server 198.18.14.100 80 {
                delay_loop 1
                lb_algo rr
                lb_kind NAT
                protocol TCP
                real_server 198.18.15.1 8080 {
                    weight 1
                    TCP_CHECK {
                        connect_timeout 1
                    }
                }
                real_server 198.18.15.2 8080 {
                    weight 1
                    TCP_CHECK {
                        connect_timeout 1
                    }
                }
            }
            """;

    @Test
    void aLiveScrapeServesExactlyWhatReadmeDocuments() throws Exception {
        Lan outside = Lan.build(lab, "198.18.14", "c", "d");
        Lan inside = Lan.build(lab, "198.18.15", "rs1", "rs2");
        lab.veth(inside.switchNamespace(), "p9", null, outside.host("d"), "eth1", "198.18.15.254/24");
        lab.attach(inside.switchNamespace(), "p9", "br0");
        inside.host("rs1").exec("ip", "route", "add", "default", "via", "198.18.15.254").orThrow();
        Path dir = Files.createTempDirectory("vigil-metrics-contract");
        try (Nginx rs1 = Nginx.start(inside.host("rs1"), dir.resolve("rs1"), "0.0.0.0:8080", "served by rs1");
             VigilPeer director = VigilPeer.start(outside.host("d"), dir.resolve("vigil"), CONFIG)) {
            director.awaitState("VI_1", "MASTER", Duration.ofSeconds(20));
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> director.list(false).contains("-> 198.18.15.1:8080"));
            for (int i = 0; i < 3; i++) {
                assertEquals("served by rs1", outside.host("c")
                        .exec("curl", "-s", "--max-time", "2", "http://198.18.14.100/").orThrow().stdout().strip());
            }
            outside.host("d").exec(VigilPeer.LAUNCHER.toString(), "reload", "--state-dir",
                    director.dir().resolve("state").toString()).orThrow();
            // rs2 never answers: its probes fail (vigil_healthcheck_failures_total has a series).
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                    .until(() -> director.metrics().contains("vigil_healthcheck_failures_total{"));

            String scrape = director.metrics();
            Promtool.accepts(scrape);
            Set<String> served = families(scrape);
            Set<String> documented = DashboardMetricsTest.documented();
            Set<String> undocumented = new TreeSet<>(served);
            undocumented.removeAll(documented);
            Set<String> missing = new TreeSet<>(documented);
            missing.removeAll(served);
            assertEquals(Set.of(), undocumented, "served but not in README's Metrics tables");
            assertEquals(Set.of(), missing, "in README's Metrics tables but not served:\n" + scrape);
            assertTrue(scrape.contains("node_ipvs_incoming_packets_total"), scrape);
        }
    }

    /** The metric families of an exposition: the names its {@code # TYPE} lines declare. */
    private static Set<String> families(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                names.add(line.split(" ")[2]);
            }
        }
        return names;
    }
}
