package io.vigil.dataplane.linux;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pure half of {@link NftSteering}: the nft scripts it feeds to {@code nft -f -}, and the parser for the
 * counters it reads back. Nothing here runs a process.
 *
 * <p>The install script replaces the table atomically: {@code add table} (a no-op when it exists) then
 * {@code delete table} removes any stale copy, then the new table is declared; nft applies the whole file as one
 * transaction. Each rule has a named counter {@code rule_<index>}, index into the rule list.
 */
final class NftRuleset {

    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,31}");
    private static final Pattern COUNTER = Pattern.compile(
            "counter\\s+([A-Za-z0-9_]+)\\s*\\{\\s*packets\\s+(\\d+)\\s+bytes\\s+(\\d+)\\s*}");
    static final String FAMILY = "netdev";

    private NftRuleset() {
    }

    /** Checks a table name: a letter, then up to 31 letters, digits or '_'. */
    static String requireTableName(String name) {
        if (name == null || !TABLE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("nftables table name '" + name
                    + "', expected a letter then up to 31 letters, digits or '_'");
        }
        return name;
    }

    static String counterName(int ruleIndex) {
        return "rule_" + ruleIndex;
    }

    /**
     * The script that replaces table {@code table} with one ingress chain per device holding the drop rules of its
     * flows, in list order.
     */
    static String install(String table, List<OwnedFlow> rules) {
        requireTableName(table);
        Map<String, List<Integer>> byInterface = new LinkedHashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            byInterface.computeIfAbsent(rules.get(i).device(), k -> new ArrayList<>()).add(i);
        }
        StringBuilder s = new StringBuilder(256 + 96 * rules.size());
        s.append(remove(table));
        s.append("table ").append(FAMILY).append(' ').append(table).append(" {\n");
        for (int i = 0; i < rules.size(); i++) {
            s.append("\tcounter ").append(counterName(i)).append(" {\n\t}\n");
        }
        int chain = 0;
        for (Map.Entry<String, List<Integer>> entry : byInterface.entrySet()) {
            s.append("\tchain ingress_").append(chain++).append(" {\n");
            s.append("\t\ttype filter hook ingress device \"").append(entry.getKey()).append("\" priority 0; policy accept;\n");
            for (int index : entry.getValue()) {
                s.append("\t\t").append(rules.get(index).matchExpression())
                        .append(" counter name \"").append(counterName(index)).append("\" drop\n");
            }
            s.append("\t}\n");
        }
        s.append("}\n");
        return s.toString();
    }

    /** The script that removes table {@code table} whether or not it exists. */
    static String remove(String table) {
        requireTableName(table);
        return "add table " + FAMILY + " " + table + "\ndelete table " + FAMILY + " " + table + "\n";
    }

    /**
     * Parses {@code nft list counters table netdev <table>} output into {@code name -> {packets, bytes}}, in the
     * order listed. Text that is not a counter block is ignored.
     */
    static Map<String, long[]> parseCounters(String listing) {
        Map<String, long[]> counters = new LinkedHashMap<>();
        Matcher m = COUNTER.matcher(listing);
        while (m.find()) {
            counters.put(m.group(1), new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3))});
        }
        return counters;
    }
}
