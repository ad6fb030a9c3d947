package io.vigil.director.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigil.dataplane.lab.ExecResult;
import io.vigil.dataplane.lab.Netns;
import io.vigil.dataplane.lab.NetnsLab;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compatibility corpus: every file is checked by the installed {@code keepalived -t} (Debian's 2.2.7) and by
 * {@code vigil check-config --strict} (through {@link Main}, in the same process) inside one namespace whose
 * interfaces are {@code eth0} (with 198.18.0.1/24) and {@code eth1} (no address), so both see the same interfaces.
 * Their verdicts (exit 0 or not) must agree, except for the differences README documents, which must stay exactly as
 * documented. The files: keepalived's samples, the golden cases, and one deliberate mistake per diagnostic
 * ({@code config/mistakes}, with script files made here with the permissions each case needs).
 */
@Tag("netns")
class CheckConfigVerdictLabTest {

    /** Documented differences: file -> "keepalived verdict / vigil verdict" (README, "vigil check-config"). */
    private static final Map<String, String> DOCUMENTED = Map.of(
            "golden/include_cycle/keepalived.conf", "accepts/rejects");

    private static final Path KEEPALIVED = Path.of("/usr/sbin/keepalived");

    @RegisterExtension
    static final NetnsLab lab = new NetnsLab();

    @TempDir
    static Path scripts;

    private static Netns director;

    @BeforeAll
    static void namespace() throws Exception {
        director = lab.namespace("cc");
        Netns peer = lab.namespace("ccpeer");
        lab.veth(director, "eth0", "198.18.0.1/24", peer, "p0", "198.18.0.2/24");
        lab.veth(director, "eth1", null, peer, "p1", null);
        Path ok = script(scripts.resolve("ok.sh"), "rwxr-xr-x");
        Files.copy(ok, scripts.resolve("ww.sh"));
        Files.setPosixFilePermissions(scripts.resolve("ww.sh"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.createDirectory(scripts.resolve("wwdir"));
        Files.setPosixFilePermissions(scripts.resolve("wwdir"), PosixFilePermissions.fromString("rwxrwxrwx"));
        script(scripts.resolve("wwdir/s.sh"), "rwxr-xr-x");
        Files.setPosixFilePermissions(scripts, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static Path script(Path p, String mode) throws Exception {
        Files.writeString(p, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        return p;
    }

    @Test
    void vigilStrictAgreesWithKeepalivedOnEveryFile() throws Exception {
        assumeTrue(Files.isExecutable(KEEPALIVED), "keepalived is not installed (.ci/run installs it)");
        Path root = Path.of(Objects.requireNonNull(getClass().getResource("/config")).toURI());
        List<String> cases = corpus(root);
        List<String> divergences = new ArrayList<>();
        int compared = 0;
        for (String c : cases) {
            Path file = c.startsWith("mistakes/scripts/") ? render(root.resolve(c)) : root.resolve(c);
            Path idFile = file.resolveSibling("config-id");
            String id = c.startsWith("golden/") && Files.exists(idFile) ? Files.readString(idFile).strip() : "high";
            ExecResult k = director.exec(Duration.ofSeconds(30), "sh", "-c", "cd '" + file.getParent() + "' && exec "
                    + KEEPALIVED + " -t -f '" + file.getFileName() + "' --log-console -i " + id);
            String[] vigil = director.call(() -> vigil(file, id));
            int v = Integer.parseInt(vigil[0]);
            String verdicts = verdict(k.exitCode()) + "/" + verdict(v);
            String expected = DOCUMENTED.getOrDefault(c, verdict(k.exitCode()) + "/" + verdict(k.exitCode()));
            compared++;
            if (!verdicts.equals(expected)) {
                divergences.add(c + ": keepalived exit " + k.exitCode() + ", vigil exit " + v + " (expected " + expected
                        + ")\n--- keepalived -t:\n" + k.stdout() + k.stderr() + "--- vigil check-config --strict:\n"
                        + vigil[1]);
            }
        }
        assertTrue(compared >= 40, "the corpus has its files: " + compared);
        assertTrue(divergences.isEmpty(), divergences.size() + " of " + compared + " files diverge:\n"
                + String.join("\n", divergences));
    }

    private static String verdict(int exitCode) {
        return exitCode == 0 ? "accepts" : "rejects";
    }

    private static String[] vigil(Path file, String id) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = new Main().run(List.of("check-config", "--strict", "-f", file.toString(), "-i", id),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
        return new String[] {String.valueOf(code), out.toString(StandardCharsets.UTF_8)};
    }

    /** A {@code .conf.in} with {@code @DIR@} replaced by the directory of this run's script files. */
    private static Path render(Path template) throws Exception {
        String name = template.getFileName().toString().replace(".conf.in", ".conf");
        Path out = scripts.resolve(name);
        Files.writeString(out, Files.readString(template).replace("@DIR@", scripts.toString()));
        return out;
    }

    private static List<String> corpus(Path root) throws Exception {
        List<String> cases = new ArrayList<>();
        try (Stream<Path> s = Files.list(root.resolve("keepalived-samples"))) {
            s.sorted().forEach(p -> cases.add("keepalived-samples/" + p.getFileName()));
        }
        try (Stream<Path> s = Files.list(root.resolve("golden"))) {
            s.filter(Files::isDirectory).sorted().forEach(p -> cases.add("golden/" + p.getFileName()
                    + "/keepalived.conf"));
        }
        try (Stream<Path> s = Files.list(root.resolve("mistakes"))) {
            s.filter(p -> p.toString().endsWith(".conf")).sorted().forEach(p -> cases.add("mistakes/" + p.getFileName()));
        }
        try (Stream<Path> s = Files.list(root.resolve("mistakes/scripts"))) {
            s.sorted().forEach(p -> cases.add("mistakes/scripts/" + p.getFileName()));
        }
        return cases;
    }
}
