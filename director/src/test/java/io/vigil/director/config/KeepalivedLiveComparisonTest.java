package io.vigil.director.config;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lab tier: runs the installed {@code keepalived -t} (2.2.7 on the CI machine) over the sample corpus and the
 * golden cases, and checks that Vigil flags every line keepalived flags, with this host's real interfaces.
 */
@Tag("netns")
class KeepalivedLiveComparisonTest {

    private static final Pattern LINE = Pattern.compile("^\\((?:([^:)]*): )?Line (\\d+)\\)");

    @Test
    void vigilFlagsWhatTheInstalledKeepalivedFlags() throws Exception {
        Path keepalived = Path.of("/usr/sbin/keepalived");
        assumeTrue(Files.isExecutable(keepalived), "keepalived is not installed");
        Path root = Path.of(Objects.requireNonNull(getClass().getResource("/config")).toURI());
        Set<String> interfaces = new HashSet<>();
        NetworkInterface.networkInterfaces().forEach(n -> interfaces.add(n.getName()));
        List<String> cases = new ArrayList<>();
        try (Stream<Path> golden = Files.list(root.resolve("golden"))) {
            golden.filter(Files::isDirectory).forEach(p -> cases.add("golden/" + p.getFileName()));
        }
        try (Stream<Path> samples = Files.list(root.resolve("keepalived-samples"))) {
            samples.forEach(p -> cases.add("keepalived-samples/" + p.getFileName()));
        }
        List<String> missing = new ArrayList<>();
        for (String c : cases) {
            Path file = c.startsWith("golden/") ? root.resolve(c).resolve("keepalived.conf") : root.resolve(c);
            Path idFile = file.resolveSibling("config-id");
            String id = c.startsWith("golden/") && Files.exists(idFile) ? Files.readString(idFile).strip() : null;
            Set<String> vigil = KeepalivedFlaggedLinesTest.flaggedByVigil(root, c, interfaces);
            for (String fileLine : keepalivedFlags(keepalived, file, id)) {
                if (!vigil.contains(fileLine)) {
                    missing.add(c + " " + fileLine);
                }
            }
        }
        assertTrue(missing.isEmpty(), "lines keepalived flags but Vigil does not: " + missing);
    }

    private static Set<String> keepalivedFlags(Path keepalived, Path file, String id) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(keepalived.toString(), "-t", "-f", file.getFileName().toString(),
                "--log-console"));
        if (id != null) {
            cmd.addAll(List.of("-i", id));
        }
        Process p = new ProcessBuilder(cmd).directory(file.getParent().toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        Set<String> flags = new HashSet<>();
        for (String line : output.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (m.find()) {
                flags.add((m.group(1) == null ? file.getFileName().toString() : m.group(1)) + ":" + m.group(2));
            }
        }
        return flags;
    }
}
