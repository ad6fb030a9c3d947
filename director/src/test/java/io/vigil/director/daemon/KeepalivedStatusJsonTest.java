package io.vigil.director.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.vigil.director.config.ConfigLoad;
import io.vigil.director.config.ConfigLoader;
import io.vigil.director.config.KeepalivedConfig;
import io.vigil.director.config.VirtualIpAddress;
import io.vigil.director.vrrp.VrrpBindings;
import io.vigil.vrrp.fsm.VrrpState;
import io.vigil.vrrp.io.InstanceBinding;
import io.vigil.vrrp.io.InstanceStatus;
import io.vigil.vrrp.io.VrrpCounter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link KeepalivedStatusJson} against keepalived 2.2.7: the members, their order and JSON types as vrrp_json.c
 * writes them ({@code keepalived-json/vrrp_json-2.2.7.fields}), and the values of a real SIGJSON dump
 * ({@code sigjson-2.2.7.json}) taken from Debian's keepalived running {@code sigjson-2.2.7.conf}.
 */
class KeepalivedStatusJsonTest {

    private static final Path FIXTURES = Path.of("src/test/resources/keepalived-json");
    private static final Pattern MEMBER = Pattern.compile("\"([a-z_]+)\"\\s*:");
    /** Members whose values depend on the moment or the run: compared by type only. */
    private static final Set<String> RUN_DEPENDENT = Set.of("last_transition", "advert_sent");

    /** One line of the vrrp_json.c fixture. */
    record Field(String object, String name, ConfigValueType type, boolean optional) {
    }

    static List<Field> fields() throws Exception {
        List<Field> out = new ArrayList<>();
        for (String line : Files.readAllLines(FIXTURES.resolve("vrrp_json-2.2.7.fields"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] w = line.split(" ");
            out.add(new Field(w[0], w[1], ConfigValueType.valueOf(w[2].toUpperCase(java.util.Locale.ROOT)),
                    w.length > 3 && w[3].equals("optional")));
        }
        return out;
    }

    /** The fixture's configuration as vigil would run it: both instances MASTER, VIPs set, as in the dump. */
    static String vigilRendering() {
        ConfigLoad load = new ConfigLoader("test", false, null).load(FIXTURES.resolve("sigjson-2.2.7.conf"));
        assertTrue(load.diagnostics().stream().noneMatch(d -> d.format().contains("error")), load.diagnostics().toString());
        KeepalivedConfig config = load.config();
        InetAddress source = address("198.18.77.1");
        List<InstanceStatus> statuses = new ArrayList<>();
        for (InstanceBinding b : new VrrpBindings(config, (name, ipv6) -> java.util.Optional.of(source)).instances()) {
            Map<VrrpCounter, Long> counters = new EnumMap<>(VrrpCounter.class);
            for (VrrpCounter c : VrrpCounter.values()) {
                counters.put(c, c == VrrpCounter.BECOME_MASTER ? 1L : c == VrrpCounter.ADVERT_SENT ? 7L : 0L);
            }
            statuses.add(new InstanceStatus(b.name(), VrrpState.MASTER, b.spec().virtualRouterId(),
                    b.interfaceName(), null, b.spec().basePriority(), b.spec().basePriority(), source,
                    b.spec().basePriority(), b.spec().advertIntervalCentis(), b.vips(),
                    Instant.parse("2026-11-30T22:53:02.009652Z"), counters, b.spec()));
        }
        return KeepalivedStatusJson.json(statuses, config);
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static List<? extends ConfigValue> parse(String json) {
        return ConfigFactory.parseString("{\"a\":" + json + "}",
                ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON)).getList("a");
    }

    /** Member names of each instance in document order: data's, then stats', as "data.x" and "stats.y". */
    static List<List<String>> memberOrder(String json) {
        List<List<String>> instances = new ArrayList<>();
        Matcher m = MEMBER.matcher(json);
        List<String> current = null;
        String object = "";
        while (m.find()) {
            String name = m.group(1);
            if (name.equals("data")) {
                current = new ArrayList<>();
                instances.add(current);
                object = "data";
            } else if (name.equals("stats")) {
                object = "stats";
            } else {
                current.add(object + "." + name);
            }
        }
        return instances;
    }

    /**
     * Each instance's members appear in the fixture's order, with its types; every member the fixture does not mark
     * optional is present. Used on Vigil's output and on keepalived's own dumps (unit and lab tests).
     */
    static void assertKeepalivedLayout(String json) throws Exception {
        List<Field> fields = fields();
        List<String> order = fields.stream().map(f -> f.object() + "." + f.name()).toList();
        List<? extends ConfigValue> instances = parse(json);
        List<List<String>> members = memberOrder(json);
        assertEquals(instances.size(), members.size(), json);
        for (int i = 0; i < instances.size(); i++) {
            List<String> seen = members.get(i);
            List<String> expectedOrder = order.stream().filter(seen::contains).toList();
            assertEquals(expectedOrder, seen, "members out of vrrp_json.c's order or unknown to it");
            ConfigObject instance = (ConfigObject) instances.get(i);
            assertEquals(Set.of("data", "stats"), instance.keySet());
            for (Field f : fields) {
                ConfigValue v = ((ConfigObject) instance.get(f.object())).get(f.name());
                if (v == null) {
                    assertTrue(f.optional(), f.object() + "." + f.name() + " missing in " + json);
                    continue;
                }
                assertEquals(f.type(), v.valueType(), f.object() + "." + f.name() + " = " + v.render());
                if (f.type() == ConfigValueType.LIST) {
                    ((List<?>) v.unwrapped()).forEach(e -> assertTrue(e instanceof String, f.name() + ": " + e));
                }
            }
        }
    }

    @Test
    void keepalivedsOwnDumpMatchesTheFixtureDerivedFromVrrpJsonC() throws Exception {
        assertKeepalivedLayout(Files.readString(FIXTURES.resolve("sigjson-2.2.7.json")));
    }

    @Test
    void vigilWritesVrrpJsonCsMembersInItsOrderWithItsTypes() throws Exception {
        assertKeepalivedLayout(vigilRendering());
    }

    @Test
    void vigilWritesTheValuesKeepalivedWroteForTheSameConfiguration() throws Exception {
        List<? extends ConfigValue> real = parse(Files.readString(FIXTURES.resolve("sigjson-2.2.7.json")));
        List<? extends ConfigValue> ours = parse(vigilRendering());
        assertEquals(real.size(), ours.size());
        for (int i = 0; i < real.size(); i++) {
            for (String object : List.of("data", "stats")) {
                Map<String, Object> expected = new LinkedHashMap<>(
                        ((ConfigObject) ((ConfigObject) real.get(i)).get(object)).unwrapped());
                Map<String, Object> actual = new LinkedHashMap<>(
                        ((ConfigObject) ((ConfigObject) ours.get(i)).get(object)).unwrapped());
                assertEquals(expected.keySet(), actual.keySet(), object + " members of instance " + i);
                RUN_DEPENDENT.forEach(k -> {
                    expected.remove(k);
                    actual.remove(k);
                });
                for (String k : expected.keySet()) {
                    assertEquals(String.valueOf(expected.get(k)), String.valueOf(actual.get(k)),
                            object + "." + k + " of " + expected.get("iname"));
                }
            }
        }
    }

    @Test
    void anIpv6VipShowsThePreferredLifetimeItIsAddedWith() throws Exception {
        io.vigil.director.config.SourcePosition at = new io.vigil.director.config.SourcePosition("k.conf", 3, 5);
        VirtualIpAddress host = new VirtualIpAddress(java.net.InetAddress.getByName("fd00:198:18::100"), 128, null,
                null, null, null, null, false, List.of(), at);
        assertEquals("fd00:198:18::100 dev eth0 scope global preferred_lft 0",
                KeepalivedStatusJson.address(host, "eth0", false));
        VirtualIpAddress wide = new VirtualIpAddress(java.net.InetAddress.getByName("fd00:198:18::100"), 64, null,
                null, null, null, null, false, List.of("home", "preferred_lft forever"), at);
        assertEquals("fd00:198:18::100/64 dev eth0 scope global home preferred_lft forever set",
                KeepalivedStatusJson.address(wide, "eth0", true));
    }

    @Test
    void lastTransitionIsEpochSecondsWithMicrosecondsAndStateIsKeepalivedsNumber() throws Exception {
        String json = vigilRendering();
        assertTrue(Pattern.compile("\"last_transition\"\\s*:\\s*1796079182\\.009652\\s*,").matcher(json).find(), json);
        ConfigObject data = (ConfigObject) ((ConfigObject) parse(json).getFirst()).get("data");
        assertEquals(2, data.get("state").unwrapped());
        assertEquals(1, data.get("auth_type").unwrapped());
    }
}
