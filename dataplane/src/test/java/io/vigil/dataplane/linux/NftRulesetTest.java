package io.vigil.dataplane.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.linux.DropRule.Protocol;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NftRulesetTest {

    @Test
    void installScriptReplacesTheTableWithOneChainPerInterface() throws Exception {
        List<DropRule> rules = List.of(
                DropRule.toDestination("va", Protocol.UDP, InetAddress.getByName("198.18.0.1"), 5353),
                DropRule.fromSource("eth0.10", Protocol.TCP, InetAddress.getByName("fd00::1"), 80),
                DropRule.toDestination("va", Protocol.TCP, InetAddress.getByName("198.18.0.100"), 443));
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
                \tchain ingress_0 {
                \t\ttype filter hook ingress device "va" priority 0; policy accept;
                \t\tip daddr 198.18.0.1 udp dport 5353 counter name "rule_0" drop
                \t\tip daddr 198.18.0.100 tcp dport 443 counter name "rule_2" drop
                \t}
                \tchain ingress_1 {
                \t\ttype filter hook ingress device "eth0.10" priority 0; policy accept;
                \t\tip6 saddr fd00:0:0:0:0:0:0:1 tcp sport 80 counter name "rule_1" drop
                \t}
                }
                """;
        assertEquals(expected, NftRuleset.install("vigil", rules));
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
                    () -> DropRule.toDestination(bad, Protocol.UDP, address, 53));
            assertTrue(e.getMessage().startsWith("interface name '"), e.getMessage());
        }
    }

    @Test
    void portsAndScopedAddressesAreRejected() throws Exception {
        InetAddress address = InetAddress.getByName("198.18.0.1");
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
                () -> DropRule.toDestination("va", Protocol.TCP, address, 0));
        assertEquals("port 0, expected 1-65535 (interface va, address 198.18.0.1)", port.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DropRule.toDestination("va", Protocol.TCP, address, 65536));
        IllegalArgumentException scoped = assertThrows(IllegalArgumentException.class,
                () -> DropRule.toDestination("va", Protocol.TCP, InetAddress.getByName("fe80::1%1"), 80));
        assertTrue(scoped.getMessage().contains("has a scope"), scoped.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DropRule.toDestination("va", Protocol.TCP, null, 80));
    }
}
