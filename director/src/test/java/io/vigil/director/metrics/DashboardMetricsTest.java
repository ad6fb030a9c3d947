package io.vigil.director.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * packaging/grafana/vigil.json: it parses, every panel queries something, and every metric it queries is one that
 * README's Metrics section documents (a histogram's {@code _bucket}, {@code _sum} and {@code _count} count as it).
 */
class DashboardMetricsTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern METRIC = Pattern.compile("\\b((?:keepalived|vigil|node_ipvs)_[a-z0-9_]+)");
    private static final Pattern HISTOGRAM_SERIES = Pattern.compile("_(?:bucket|sum|count)$");
    private static final Set<String> QUERY_KEYS = Set.of("expr", "query", "definition");

    private static ConfigObject dashboard() {
        return ConfigFactory.parseFile(ROOT.resolve("packaging/grafana/vigil.json").toFile(),
                ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON).setAllowMissing(false)).root();
    }

    /** Each name in the first column of the tables under README's "## Metrics". */
    static Set<String> documented() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int start = readme.indexOf("\n## Metrics\n");
        String section = readme.substring(start, readme.indexOf("\n## ", start + 1));
        Set<String> names = new TreeSet<>();
        for (String line : section.split("\n")) {
            if (line.startsWith("| `")) {
                Matcher m = METRIC.matcher(line.split(" \\| ")[0]);
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    /** The metric names in every expr, query and definition string of the dashboard. */
    private static Set<String> queried(ConfigValue value, String key, Set<String> into) {
        if (value instanceof ConfigObject o) {
            o.forEach((k, v) -> queried(v, k, into));
        } else if (value instanceof ConfigList l) {
            l.forEach(v -> queried(v, key, into));
        } else if (value.valueType() == ConfigValueType.STRING && QUERY_KEYS.contains(key)) {
            Matcher m = METRIC.matcher((String) value.unwrapped());
            while (m.find()) {
                into.add(m.group(1));
            }
        }
        return into;
    }

    @Test
    void everyQueriedMetricIsDocumentedInReadme() throws Exception {
        Set<String> documented = documented();
        assertTrue(documented.contains("keepalived_vrrp_state") && documented.contains("vigil_dataplane_drops_total"),
                "README's Metrics tables were not found: " + documented);
        Set<String> queried = queried(dashboard(), "", new TreeSet<>());
        List<String> unknown = new ArrayList<>();
        for (String name : queried) {
            String base = HISTOGRAM_SERIES.matcher(name).replaceFirst("");
            if (!documented.contains(name) && !documented.contains(base)) {
                unknown.add(name);
            }
        }
        assertEquals(List.of(), unknown, "queried by the dashboard but not in README's Metrics section");
    }

    @Test
    void showsVrrpHealthAndTheDataplanePerService() {
        Set<String> queried = queried(dashboard(), "", new TreeSet<>());
        for (String needed : List.of("keepalived_vrrp_state", "keepalived_become_master_total",
                "keepalived_release_master_total", "vigil_healthcheck_up", "node_ipvs_backend_connections_active",
                "node_ipvs_connections_total", "node_ipvs_incoming_packets_total", "node_ipvs_outgoing_bytes_total")) {
            assertTrue(queried.contains(needed), needed + " in " + queried);
        }
    }

    @Test
    void everyPanelHasAQuery() {
        List<? extends ConfigValue> panels = dashboard().toConfig().getList("panels");
        assertFalse(panels.isEmpty());
        for (ConfigValue p : panels) {
            @SuppressWarnings("unchecked")
            Map<String, Object> panel = (Map<String, Object>) p.unwrapped();
            if (!"row".equals(panel.get("type"))) {
                Set<String> metrics = queried(p, "", new TreeSet<>());
                assertFalse(metrics.isEmpty(), "panel \"" + panel.get("title") + "\" queries no Vigil metric");
            }
        }
    }
}
