package io.vigil.director.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.vigil.dataplane.api.ForwardingMethod;
import io.vigil.dataplane.api.Scheduler;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The keepalived sample corpus (copied from keepalived's repository) parses, and its dump is valid JSON. */
class CorpusTest {

    static Path samples() throws Exception {
        return Path.of(Objects.requireNonNull(CorpusTest.class.getResource("/config/keepalived-samples")).toURI());
    }

    static Stream<String> files() throws Exception {
        try (Stream<Path> s = Files.list(samples())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    static ConfigLoad load(String name, String id) throws Exception {
        return new ConfigLoader(id, false, GoldenConfigTest.INTERFACES::contains).load(samples().resolve(name));
    }

    static Config json(KeepalivedConfig config) {
        return ConfigFactory.parseString(ConfigJson.dump(config), ConfigParseOptions.defaults()
                .setSyntax(ConfigSyntax.JSON));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void everySampleParsesWithValidJson(String name) throws Exception {
        ConfigLoad load = load(name, "high");
        Config dump = json(load.config());
        assertTrue(load.exitCode() == 0 || load.exitCode() == 4, name + " can run: " + load.diagnostics());
        assertTrue(dump.hasPath("global_defs"));
    }

    @Test
    void conditionalConfigFollowsTheConfigId() throws Exception {
        for (String id : List.of("high", "low")) {
            ConfigLoad load = load("keepalived.conf.conditional_conf", id);
            VrrpInstance vi = load.config().vrrpInstances().getFirst();
            assertEquals(id.equals("high") ? 170 : 85, vi.priority());
            assertEquals("/etc/keepalived/scripts/check_" + id + "_VI_0.sh", load.config().vrrpScripts().getFirst()
                    .script());
            assertEquals(Duration.ofSeconds(12), vi.advertInterval());
            assertEquals(3, vi.version());
            Setting ns = load.config().unsupported().getFirst();
            assertEquals("net_namespace", ns.keyword());
            assertEquals(List.of(id), ns.args());
        }
    }

    @Test
    void quorumSampleHasTenWeightedRealServers() throws Exception {
        VirtualServer vs = load("keepalived.conf.quorum", "x").config().virtualServers().getFirst();
        assertEquals(10, vs.realServers().size());
        assertEquals(7, vs.quorum());
        assertEquals(2, vs.hysteresis());
        assertTrue(vs.alpha() && vs.omega());
        assertEquals(Scheduler.WRR, vs.lvsSched());
        assertTrue(vs.realServers().stream().allMatch(r -> r.checkers().getFirst() instanceof TcpCheck));
    }

    @Test
    void sslSampleMapsLegacySynonymsAndUrls() throws Exception {
        KeepalivedConfig c = load("keepalived.conf.SSL_GET", "x").config();
        VirtualServer vs = c.virtualServers().getFirst();
        assertEquals(Scheduler.RR, vs.lvsSched());
        assertEquals(ForwardingMethod.NAT, vs.lvsMethod());
        HttpCheck check = (HttpCheck) vs.realServers().getFirst().checkers().getFirst();
        assertTrue(check.tls());
        assertTrue(check.urls().size() >= 2);
        assertNotNull(check.urls().getFirst().digest());
        assertEquals("AH", c.vrrpInstances().getFirst().authentication().type());
    }

    @Test
    void virtualServerGroupSampleReadsRangesAndFwmarks() throws Exception {
        KeepalivedConfig c = load("keepalived.conf.virtual_server_group", "x").config();
        VirtualServerGroup g = c.virtualServerGroups().getFirst();
        assertTrue(g.entries().stream().anyMatch(e -> e.last() != null && !e.last().equals(e.first())),
                "a range entry");
        assertTrue(c.virtualServerGroups().stream().flatMap(x -> x.entries().stream())
                .anyMatch(e -> e.fwmark() != null), "a fwmark entry");
        assertTrue(c.virtualServers().stream().anyMatch(v -> v.group() != null));
    }
}
