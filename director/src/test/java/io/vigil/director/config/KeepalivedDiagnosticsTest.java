package io.vigil.director.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One deliberate mistake per diagnostic keepalived 2.2.7 makes ({@code config/mistakes}): Vigil reports it at the
 * line keepalived means, says what was expected, and with {@code --strict} rejects the file (exit 4) while the default
 * mode warns (exit 0), as keepalived runs it corrected. The host is taken to have {@code lo}, {@code eth0} and
 * {@code eth1}.
 */
class KeepalivedDiagnosticsTest {

    private static final Set<String> INTERFACES = Set.of("lo", "eth0", "eth1");

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("auth-pass-too-long.conf", 12, "auth_pass is 9 bytes, expected at most 8"),
                Arguments.of("connect-port-zero.conf", 7, "connect_port: found 0, expected an integer in 1..65535"),
                Arguments.of("dr-port-differs.conf", 6, "port 8080 differs from the virtual server's port 80"),
                Arguments.of("hysteresis-not-below-quorum.conf", 1, "hysteresis 2 is not below quorum 2"),
                Arguments.of("instance-in-two-sync-groups.conf", 7, "vrrp_instance VI_1 is already in vrrp_sync_group G1"),
                Arguments.of("nopreempt-master.conf", 1, "nopreempt has no effect with state MASTER"),
                Arguments.of("quorum-above-weight.conf", 1, "quorum 5 is above the total weight of its real servers, 3"),
                Arguments.of("route-dev-missing.conf", 11, "dev 'nosuch0' does not exist"),
                Arguments.of("rule-no-preference.conf", 11, "has no preference, expected 'preference N'"),
                Arguments.of("sync-group-of-one.conf", 1, "has only one member"),
                Arguments.of("sync-group-tracked-weight.conf", 25, "track_script chk has weight 10, which is ignored"),
                Arguments.of("track-own-interface.conf", 11, "track_interface eth0 is the instance's own interface"),
                Arguments.of("unicast-ttl-without-peers.conf", 10, "unicast_ttl without unicast_peer"),
                Arguments.of("vip-dev-missing.conf", 7, "dev 'nosuch0' does not exist"),
                Arguments.of("checker-on-weight-line.conf", 23, "'TCP_CHECK {' in real_server is opened on the line of"
                        + " 'weight 1'"),
                Arguments.of("env.conf", 4, "${_ENV ...} is left as written"));
    }

    static Path mistake(String name) throws Exception {
        return Path.of(Objects.requireNonNull(KeepalivedDiagnosticsTest.class.getResource("/config/mistakes/" + name))
                .toURI());
    }

    static ConfigLoad load(String name, boolean strict) throws Exception {
        return new ConfigLoader("x", strict, INTERFACES::contains).load(mistake(name));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void eachMistakeIsReportedAtItsLineAndRejectedUnderStrict(String file, int line, String message) throws Exception {
        ConfigLoad strict = load(file, true);
        List<Diagnostic> found = strict.diagnostics().stream().filter(d -> d.message().contains(message)).toList();
        assertEquals(1, found.size(), file + ": one diagnostic saying '" + message + "' in " + strict.diagnostics());
        assertEquals(line, found.getFirst().position().line(), file + ": " + found.getFirst());
        assertTrue(found.getFirst().message().contains("expected"), "says what was expected: " + found.getFirst());
        assertTrue(strict.configTestExitCode() != 0, file + " is rejected under --strict, as keepalived -t rejects it");
    }

    @Test
    void correctedSettingsAreWarningsWithoutStrict() throws Exception {
        for (String file : List.of("auth-pass-too-long.conf", "quorum-above-weight.conf", "track-own-interface.conf",
                "sync-group-of-one.conf", "nopreempt-master.conf")) {
            assertEquals(0, load(file, false).configTestExitCode(), file + ": " + load(file, false).diagnostics());
        }
    }

    @Test
    void correctionsAreAppliedAsKeepalivedAppliesThem() throws Exception {
        VirtualServer quorum = load("quorum-above-weight.conf", false).config().virtualServers().getFirst();
        assertEquals(3, quorum.quorum());
        VirtualServer hysteresis = load("hysteresis-not-below-quorum.conf", false).config().virtualServers().getFirst();
        assertEquals(1, hysteresis.hysteresis());
        KeepalivedConfig groups = load("instance-in-two-sync-groups.conf", false).config();
        assertEquals(List.of("G1"), groups.vrrpSyncGroups().stream().map(VrrpSyncGroup::name).toList());
        assertTrue(load("track-own-interface.conf", false).config().vrrpInstances().getFirst().trackInterfaces()
                .isEmpty());
        assertTrue(load("sync-group-tracked-weight.conf", false).config().vrrpInstances().getFirst().trackScripts()
                .isEmpty(), "keepalived stops tracking a weighted script in a sync group");
    }

    @Test
    void checkerOpenedOnAnotherLineIsStillRead() throws Exception {
        List<RealServer> servers = load("checker-on-weight-line.conf", false).config().virtualServers().getFirst()
                .realServers();
        assertEquals(2, servers.size());
        assertTrue(servers.stream().allMatch(rs -> rs.checkers().size() == 1 && rs.weight() == 1), servers.toString());
    }

    @Test
    void interfaceWithoutAddressExistsAndRandomIsExpandedInRange() throws Exception {
        assertEquals(0, load("interface-without-address.conf", true).configTestExitCode());
        for (int i = 0; i < 20; i++) {
            ConfigLoad random = load("random.conf", true);
            assertEquals(0, random.configTestExitCode(), random.diagnostics().toString());
            VrrpInstance v = random.config().vrrpInstances().getFirst();
            assertTrue(v.priority() >= 100 && v.priority() <= 150, "priority " + v.priority());
            assertTrue(v.virtualRouterId() >= 1 && v.virtualRouterId() <= 255);
            assertTrue(v.advertInterval().toSeconds() >= 1 && v.advertInterval().toSeconds() <= 3);
        }
    }

    @Test
    void notAppliedKeywordsGetOneWarningEach() throws Exception {
        Path file = Files.createTempFile("not-applied", ".conf");
        try {
            Files.writeString(file, """
                    vrrp_instance VI_1 {
                      interface eth0
                      virtual_router_id 51
                      use_vmac
                      virtual_ipaddress {
                        198.18.0.10/24
                      }
                    }
                    vrrp_instance VI_2 {
                      interface eth0
                      virtual_router_id 52
                      use_vmac
                      virtual_ipaddress {
                        198.18.0.11/24
                      }
                    }
                    """);
            KeepalivedConfig c = new ConfigLoader("x", false, INTERFACES::contains).load(file).config();
            List<Diagnostic> w = NotAppliedKeywords.warnings(c);
            assertEquals(1, w.size(), w.toString());
            assertTrue(w.getFirst().message().startsWith("'use_vmac' is read but not applied by Vigil (2 uses"),
                    w.toString());
            assertEquals(1, w.getFirst().position().line());
        } finally {
            Files.delete(file);
        }
    }
}
