package io.vigil.dataplane.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.api.Protocol;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NftRulesetTest {

    @Test
    void installScriptReplacesTheTableWithOneChainPerDevice() throws Exception {
        List<OwnedFlow> rules = List.of(
                OwnedFlow.service("va", Protocol.UDP, InetAddress.getByName("198.18.0.1"), 5353),
                OwnedFlow.natReplies("eth0.10", Protocol.TCP, InetAddress.getByName("fd00::1"), 80),
                OwnedFlow.service("va", Protocol.TCP, InetAddress.getByName("198.18.0.100"), 0),
                OwnedFlow.natReplies("va", Protocol.SCTP, InetAddress.getByName("198.18.1.10"), 0));
        String expected = """
                add table netdev vigil
                delete table netdev vigil
                table netdev vigil {
                \tcounter rule_0 {
                \t}
                \tcounter rule_1 {
                \t}
                \tcounter rule_2 {
                \t}
                \tcounter rule_3 {
                \t}
                \tchain ingress_0 {
                \t\ttype filter hook ingress device "va" priority 0; policy accept;
                \t\tip daddr 198.18.0.1 udp dport 5353 counter name "rule_0" drop
                \t\tip daddr 198.18.0.100 meta l4proto tcp counter name "rule_2" drop
                \t\tip saddr 198.18.1.10 meta l4proto sctp fib daddr type != local counter name "rule_3" drop
                \t}
                \tchain ingress_1 {
                \t\ttype filter hook ingress device "eth0.10" priority 0; policy accept;
                \t\tip6 saddr fd00:0:0:0:0:0:0:1 tcp sport 80 fib daddr type != local counter name "rule_1" drop
                \t}
                }
                """;
        assertEquals(expected, NftRuleset.install("vigil", rules));
    }

    @Test
    void rulesAreOrderedByDeviceKindAddressProtocolAndPort() throws Exception {
        InetAddress vip = InetAddress.getByName("198.18.0.100");
        OwnedFlow a = OwnedFlow.service("va", Protocol.TCP, vip, 80);
        OwnedFlow b = OwnedFlow.service("va", Protocol.TCP, vip, 443);
        OwnedFlow c = OwnedFlow.service("va", Protocol.UDP, vip, 53);
        OwnedFlow d = OwnedFlow.natReplies("va", Protocol.TCP, vip, 80);
        OwnedFlow e = OwnedFlow.service("vb", Protocol.TCP, vip, 80);
        assertEquals(List.of(a, b, c, d, e), java.util.stream.Stream.of(e, d, c, b, a).sorted(OwnedFlow.RULE_ORDER).toList());
    }

    @Test
    void removeScriptIsIdempotent() {
        assertEquals("add table netdev v1\ndelete table netdev v1\n", NftRuleset.remove("v1"));
    }

    @Test
    void emptyRuleListGivesAnEmptyTable() {
        assertTrue(NftRuleset.install("vigil", List.of()).endsWith("table netdev vigil {\n}\n"));
    }

    @Test
    void countersAreParsedFromTheListing() {
        String listing = """
                table netdev vigil {
                \tcounter rule_0 {
                \t\tpackets 5 bytes 210
                \t}
                \tcounter rule_1 {
                \t\tpackets 0 bytes 0
                \t}
                }
                """;
        Map<String, long[]> counters = NftRuleset.parseCounters(listing);
        assertEquals(List.of("rule_0", "rule_1"), List.copyOf(counters.keySet()));
        assertArrayEquals(new long[] {5, 210}, counters.get("rule_0"));
        assertArrayEquals(new long[] {0, 0}, counters.get("rule_1"));
        assertTrue(NftRuleset.parseCounters("Error: No such file or directory").isEmpty());
    }

    @Test
    void tableNamesThatCouldInjectAreRejected() {
        for (String bad : new String[] {"", "1abc", "vigil; flush ruleset", "vigil\ndelete table ip filter", "a b",
                "x".repeat(33), null}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NftSteering(bad));
            assertTrue(e.getMessage().contains("expected a letter"), e.getMessage());
        }
    }

    @Test
    void interfaceNamesThatCouldInjectAreRejected() throws Exception {
        InetAddress address = InetAddress.getByName("198.18.0.1");
        for (String bad : new String[] {"", "va\" priority 0; }", "va;flush ruleset", "a b", "sixteen-chars-xx", ".",
                "..", "va\n", null}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> OwnedFlow.service(bad, Protocol.UDP, address, 53));
            assertTrue(e.getMessage().startsWith("interface name '"), e.getMessage());
        }
    }

    @Test
    void portsAndScopedAddressesAreRejected() throws Exception {
        InetAddress address = InetAddress.getByName("198.18.0.1");
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
                () -> OwnedFlow.service("va", Protocol.TCP, address, -1));
        assertEquals("port -1, expected 0-65535, 0 for any (interface va, address 198.18.0.1)", port.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OwnedFlow.natReplies("va", Protocol.TCP, address, 65536));
        IllegalArgumentException scoped = assertThrows(IllegalArgumentException.class,
                () -> OwnedFlow.service("va", Protocol.TCP, InetAddress.getByName("fe80::1%1"), 80));
        assertTrue(scoped.getMessage().contains("has a scope"), scoped.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OwnedFlow.service("va", Protocol.TCP, null, 80));
    }
}
