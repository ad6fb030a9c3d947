package io.vigil.director.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven golden tests: each directory under {@code config/golden/} holds a {@code keepalived.conf} (plus
 * anything it includes), optionally a {@code config-id}, and the expected {@code expected.json} ({@code --dump})
 * and {@code expected.diagnostics}. The host is taken to have interfaces {@code lo} and {@code eth0}.
 * Run with {@code -Dvigil.golden.update=true} to rewrite the expected files after a deliberate change, then review
 * the diff.
 */
class GoldenConfigTest {

    static final Set<String> INTERFACES = Set.of("lo", "eth0");

    static Path goldenRoot() throws URISyntaxException {
        return Path.of(Objects.requireNonNull(GoldenConfigTest.class.getResource("/config/golden")).toURI());
    }

    static Stream<String> cases() throws IOException, URISyntaxException {
        try (Stream<Path> dirs = Files.list(goldenRoot())) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void dumpAndDiagnosticsMatchGolden(String name) throws Exception {
        Path dir = goldenRoot().resolve(name);
        Path idFile = dir.resolve("config-id");
        String id = Files.exists(idFile) ? Files.readString(idFile).strip() : "vigil-test";
        ConfigLoad load = new ConfigLoader(id, false, INTERFACES::contains).load(dir.resolve("keepalived.conf"));
        String prefix = dir.toString() + "/";
        String json = ConfigJson.dump(load.config()).replace(dir.toString(), "$CASE");
        String diagnostics = load.diagnostics().stream().map(Diagnostic::format)
                .map(l -> l.replace(prefix, "").replace(dir.toString(), "$CASE"))
                .collect(Collectors.joining("\n", "", "\n")) + "exit " + load.exitCode() + "\n";
        ConfigFactory.parseString(json, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON));
        if (Boolean.getBoolean("vigil.golden.update")) {
            Path src = Path.of("src/test/resources/config/golden", name);
            Files.writeString(src.resolve("expected.json"), json);
            Files.writeString(src.resolve("expected.diagnostics"), diagnostics);
            return;
        }
        assertEquals(Files.readString(dir.resolve("expected.diagnostics")), diagnostics, "diagnostics of " + name);
        assertEquals(Files.readString(dir.resolve("expected.json")), json, "dump of " + name);
    }

    /** Lines of a golden file, for other tests. */
    static List<String> lines(Path p) throws IOException {
        return Files.readAllLines(p);
    }
}
