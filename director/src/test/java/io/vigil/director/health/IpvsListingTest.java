package io.vigil.director.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import io.vigil.director.config.KeepalivedConfig;
import io.vigil.healthcheck.check.CheckResult;
import io.vigil.healthcheck.check.FailureReason;
import io.vigil.healthcheck.event.CheckerView;
import io.vigil.healthcheck.event.PoolEntry;
import io.vigil.healthcheck.event.PoolView;
import io.vigil.healthcheck.event.RealServerView;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IpvsListingTest {

    @TempDir
    Path dir;

    private KeepalivedConfig load(String text) throws Exception {
        return ConfigText.load(dir, text);
    }

    private static RealServerView rs(String host, int port, boolean healthy, boolean inPool, int weight,
            CheckResult last) {
        return new RealServerView(new InetSocketAddress(host, port), 3, 3, healthy, inPool, weight, healthy ? 0 : 1,
                List.of(new CheckerView("TCP_CHECK", healthy, Optional.of(last), healthy ? 0 : 4, 0)));
    }

    private static final String CONFIG = """
            virtual_server 198.18.0.10 80 {
                protocol TCP
                lvs_sched rr
                lvs_method NAT
                persistence_timeout 300
                real_server 198.18.0.2 80 {
                    weight 3
                    TCP_CHECK {
                    }
                }
                real_server 198.18.0.3 80 {
                    weight 3
                    lvs_method DR
                    inhibit_on_failure
                    TCP_CHECK {
                    }
                }
                real_server 198.18.0.4 80 {
                    TCP_CHECK {
                    }
                }
            }
            virtual_server_group G {
                198.18.0.20-21 443
                fwmark 5
            }
            virtual_server group G {
                protocol TCP
                lvs_sched sh
                sh-port
                lvs_method TUN
                sorry_server 198.18.0.9 443
                real_server 198.18.0.5 443 {
                    TCP_CHECK {
                    }
                }
            }
            """;

    private Map<String, PoolView> pools() {
        CheckResult ok = CheckResult.success(1_500_000, "connected");
        CheckResult refused = CheckResult.failure(FailureReason.CONNECT_REFUSED, 250_000, "connection refused");
        PoolView first = new PoolView("[198.18.0.10]:tcp:80", true, 3, 1, false, List.of(
                rs("198.18.0.2", 80, true, true, 3, ok), rs("198.18.0.3", 80, false, true, 0, refused),
                rs("198.18.0.4", 80, false, false, 0, refused)), Optional.empty());
        PoolView group = new PoolView("group G", false, 0, 1, true, List.of(rs("198.18.0.5", 443, false, false, 0,
                refused)), Optional.of(new PoolEntry(new InetSocketAddress("198.18.0.9", 443), 1)));
        return Map.of(first.virtualServer(), first, group.virtualServer(), group);
    }

    @Test
    void textFollowsIpvsadmLnLayoutWithOnlyThePoolsMembers() throws Exception {
        KeepalivedConfig config = load(CONFIG);
        HealthMapping m = HealthSpecMapper.map(config);
        String text = IpvsListing.text(m.services(), config.virtualServerGroups(), pools());
        assertEquals("""
                IP Virtual Server version 1.2.1 (size=0)
                Prot LocalAddress:Port Scheduler Flags
                  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
                TCP  198.18.0.10:80 rr persistent 300
                  -> 198.18.0.2:80                Masq    3      0          0         \n\
                  -> 198.18.0.3:80                Route   0      0          0         \n\
                TCP  198.18.0.20:443 sh (sh-port)
                  -> 198.18.0.9:443               Tunnel  1      0          0         \n\
                TCP  198.18.0.21:443 sh (sh-port)
                  -> 198.18.0.9:443               Tunnel  1      0          0         \n\
                FWM  5 sh (sh-port)
                  -> 198.18.0.9:443               Tunnel  1      0          0         \n\
                """, text);
    }

    @Test
    void jsonAddsHealthLastResultLatencyAndFailedChecks() throws Exception {
        KeepalivedConfig config = load(CONFIG);
        HealthMapping m = HealthSpecMapper.map(config);
        String json = IpvsListing.json(m.services(), config.virtualServerGroups(), pools());
        List<? extends Config> services = ConfigFactory.parseString("{\"s\":" + json + "}",
                ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON)).getConfigList("s");
        assertEquals(4, services.size(), json);
        Config first = services.get(0);
        assertEquals("[198.18.0.10]:tcp:80", first.getString("virtual_server"));
        assertEquals(3, first.getConfigList("real_servers").size(), "every configured real server, in the pool or not");
        Config inhibited = first.getConfigList("real_servers").get(1);
        assertEquals("198.18.0.3", inhibited.getString("address"));
        assertEquals("Route", inhibited.getString("forward"));
        assertEquals(0, inhibited.getInt("weight"));
        assertEquals(3, inhibited.getInt("configured_weight"));
        assertFalse(inhibited.getBoolean("healthy"));
        assertTrue(inhibited.getBoolean("in_pool"));
        assertEquals(4, inhibited.getInt("failed_checks"));
        assertEquals(1, inhibited.getInt("failed_checkers"));
        assertEquals("connect_refused", inhibited.getString("last_check.reason"));
        assertEquals(0.00025, inhibited.getDouble("last_check.latency_seconds"));
        assertEquals("TCP_CHECK", inhibited.getConfigList("checkers").get(0).getString("type"));
        assertEquals(0.0015, first.getConfigList("real_servers").get(0).getDouble("last_check.latency_seconds"));
        Config group = services.get(3);
        assertEquals("FWM", group.getString("protocol"));
        assertEquals(5, group.getInt("fwmark"));
        assertTrue(group.getBoolean("sorry_server_active"));
        assertEquals("198.18.0.9", group.getString("sorry_server.address"));
        assertEquals(1, group.getInt("sorry_server.weight"));
    }
}
