package io.vigil.director.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Checks a {@code vrrp_instance}'s {@code virtual_routes} and {@code virtual_rules} entries and the {@code dev} of its
 * addresses as keepalived 2.2.7 does when it reads them (vrrp_iproute.c, vrrp_iprule.c {@code alloc_rule}): every
 * interface named must exist, and a rule needs a {@code preference}. Vigil keeps routes and rules as written and
 * does not install them. Not thread-safe: one per configuration load.
 */
final class VirtualRoutingReader {

    /** The words that name an interface in a route ({@code dev}, {@code oif}) or a rule ({@code iif}, {@code oif}). */
    private static final Set<String> ROUTE_DEVICE = Set.of("dev", "oif");
    private static final Set<String> RULE_DEVICE = Set.of("iif", "oif", "dev");
    private static final Set<String> RULE_PREFERENCE = Set.of("preference", "priority", "pref", "prio");

    private final Diagnostics d;
    private final Predicate<String> interfaceExists;

    /**
     * @param interfaceExists answers whether an interface exists on this host, or null to skip that check
     */
    VirtualRoutingReader(Diagnostics diagnostics, Predicate<String> interfaceExists) {
        this.d = diagnostics;
        this.interfaceExists = interfaceExists;
    }

    /** Each entry of a {@code virtual_routes} block: its {@code dev} must exist. */
    void routes(Statement block, String instance) {
        for (Statement route : block.children()) {
            devices(route, ROUTE_DEVICE, "virtual_routes entry of " + instance);
        }
    }

    /** Each entry of a {@code virtual_rules} block: its {@code iif}/{@code oif} must exist, and it needs a preference. */
    void rules(Statement block, String instance) {
        for (Statement rule : block.children()) {
            devices(rule, RULE_DEVICE, "virtual_rules entry of " + instance);
            if (words(rule).stream().noneMatch(RULE_PREFERENCE::contains)) {
                d.corrected(rule.position(), "virtual_rules entry '" + rule + "' of " + instance + " has no preference,"
                        + " expected 'preference N' (keepalived: \"Rule has no preference specified - setting to"
                        + " 16384. This is probably not what you want.\")");
            }
        }
    }

    /** A {@code dev} that must exist (null: the instance's interface, checked with the instance). */
    void device(String name, SourcePosition at, String what) {
        if (name != null && interfaceExists != null && !interfaceExists.test(name)) {
            d.error(at, what + ": dev '" + name + "' does not exist on this host, expected an existing interface"
                    + " (keepalived: \"Non-existent interface specified in configuration\")");
        }
    }

    private void devices(Statement entry, Set<String> keywords, String what) {
        List<Token> tokens = new ArrayList<>();
        tokens.add(entry.keyword());
        tokens.addAll(entry.args());
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (keywords.contains(tokens.get(i).text())) {
                device(tokens.get(i + 1).text(), tokens.get(i + 1).position(), what + " '" + entry + "'");
            }
        }
    }

    private static List<String> words(Statement entry) {
        List<String> out = new ArrayList<>();
        out.add(entry.name());
        entry.args().forEach(t -> out.add(t.text()));
        return out;
    }
}
