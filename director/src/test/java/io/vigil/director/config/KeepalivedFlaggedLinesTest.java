package io.vigil.director.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every line Debian's keepalived 2.2.7 flags with {@code keepalived -t -f FILE} also gets a Vigil diagnostic on the
 * same line of the same file. keepalived's flagged lines are golden expectations in
 * {@code config/keepalived-flagged.txt}, captured by running {@code config/capture-keepalived-flags.sh} (keepalived
 * 2.2.7, on a host whose relevant interfaces are {@code lo} and {@code eth0}) over the golden cases and the
 * keepalived sample corpus. {@link KeepalivedLiveComparisonTest} repeats the comparison against the installed
 * keepalived in the lab tier.
 */
class KeepalivedFlaggedLinesTest {

    @Test
    void vigilFlagsEveryLineKeepalivedFlags() throws Exception {
        Path root = Path.of(Objects.requireNonNull(getClass().getResource("/config")).toURI());
        Map<String, List<String>> expected = new LinkedHashMap<>();
        for (String line : Files.readAllLines(root.resolve("keepalived-flagged.txt"))) {
            String[] f = line.split(" ");
            expected.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f[1] + ":" + f[2]);
        }
        assertTrue(expected.size() >= 10, "the golden file lists the flagged cases");
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            Set<String> vigil = flaggedByVigil(root, e.getKey(), GoldenConfigTest.INTERFACES);
            for (String fileLine : e.getValue()) {
                if (!vigil.contains(fileLine)) {
                    missing.add(e.getKey() + " " + fileLine);
                }
            }
        }
        assertTrue(missing.isEmpty(), "lines keepalived flags but Vigil does not: " + missing);
    }

    /** "FILE:LINE" of each Vigil diagnostic for a case name as written in keepalived-flagged.txt. */
    static Set<String> flaggedByVigil(Path root, String caseName, Set<String> interfaces) throws Exception {
        String id = "vigil-test";
        Path file;
        if (caseName.startsWith("golden/")) {
            Path dir = root.resolve(caseName);
            file = dir.resolve("keepalived.conf");
            Path idFile = dir.resolve("config-id");
            if (Files.exists(idFile)) {
                id = Files.readString(idFile).strip();
            }
        } else {
            String name = caseName;
            int at = name.indexOf('@');
            if (at >= 0) {
                id = name.substring(at + 1);
                name = name.substring(0, at);
            }
            file = root.resolve(name);
        }
        ConfigLoad load = new ConfigLoader(id, false, interfaces::contains).load(file);
        return load.diagnostics().stream()
                .map(d -> Path.of(d.position().file()).getFileName() + ":" + d.position().line())
                .collect(Collectors.toSet());
    }
}
