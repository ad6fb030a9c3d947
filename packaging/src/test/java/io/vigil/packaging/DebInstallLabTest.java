package io.vigil.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installs the .deb into a throw-away root with dpkg (root needed), runs the installed vigil with a clean
 * environment the way systemd would (NOTIFY_SOCKET, JOURNAL_STREAM), and removes then purges the package.
 */
@Tag("netns")
class DebInstallLabTest {

    @TempDir
    Path work;

    @Test
    void installRunRemovePurge() throws Exception {
        Path deb = Shell.built("vigil_*_amd64.deb");
        Path root = work.resolve("root");
        Files.createDirectories(root.resolve("var/lib/dpkg/info"));
        Files.createDirectories(root.resolve("var/lib/dpkg/updates"));
        Files.writeString(root.resolve("var/lib/dpkg/status"), "");
        List<String> dpkg = List.of("dpkg", "--root=" + root, "--force-script-chrootless", "--force-depends",
                "--log=/dev/null");

        dpkg(dpkg, "-i", deb.toString());
        String vigil = root.resolve("usr/bin/vigil").toString();
        String version = Shell.run(Map.of(), true, vigil, "--version").ok();
        assertTrue(version.startsWith("vigil 0.1.0-SNAPSHOT (Java 25"), version);
        Shell.run(Map.of(), true, vigil, "check-config", "-f", root.resolve("etc/vigil/keepalived.conf").toString()).ok();

        runsUnderAServiceManager(root, vigil);

        dpkg(dpkg, "-r", "vigil");
        assertEquals(List.of("etc/vigil/keepalived.conf", "etc/vigil/vigil.conf"), leftBehind(root, true));
        dpkg(dpkg, "-P", "vigil");
        assertEquals(List.of(), leftBehind(root, false));
    }

    /** READY=1 and STOPPING=1 reach NOTIFY_SOCKET; the log lines carry syslog priorities; SIGTERM exits 0. */
    private void runsUnderAServiceManager(Path root, String vigil) throws Exception {
        Path notifySocket = work.resolve("notify");
        Path received = work.resolve("received");
        Process systemd = new ProcessBuilder("socat", "-u", "UNIX-RECV:" + notifySocket, "OPEN:" + received + ",creat,append")
                .redirectErrorStream(true).start();
        Process daemon = null;
        try {
            waitFor(() -> Files.exists(notifySocket), "socat's socket");
            Path log = work.resolve("daemon.log");
            ProcessBuilder run = new ProcessBuilder(vigil, "run", "-f", root.resolve("etc/vigil/keepalived.conf").toString(),
                    "--settings", root.resolve("etc/vigil/vigil.conf").toString(), "--state-dir", work.resolve("run").toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            run.environment().clear();
            run.environment().putAll(Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "NOTIFY_SOCKET", notifySocket.toString(),
                    "JOURNAL_STREAM", "9:99", "VIGIL_JAVA_OPTS", "-Dvigil.metrics.listen=127.0.0.1:0"));
            daemon = run.start();
            waitFor(() -> Files.exists(received) && Files.readString(received).contains("READY=1"), "READY=1");
            daemon.toHandle().destroy(); // SIGTERM
            assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), "vigil did not stop on SIGTERM");
            assertEquals(0, daemon.exitValue(), Files.readString(log));
            waitFor(() -> Files.readString(received).contains("STOPPING=1"), "STOPPING=1");
            List<String> lines = Files.readAllLines(log);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("<6>INFO  Daemon: vigil running")), String.join("\n", lines));
            assertTrue(lines.stream().allMatch(l -> l.matches("<[3-7]>.*")), String.join("\n", lines));
        } finally {
            if (daemon != null) {
                daemon.destroyForcibly();
            }
            systemd.destroyForcibly().waitFor();
        }
    }

    private static void dpkg(List<String> dpkg, String... args) throws Exception {
        Shell.run(Stream.concat(dpkg.stream(), Stream.of(args)).toArray(String[]::new)).ok();
    }

    /** Paths under root outside dpkg's database (directories too unless {@code filesOnly}), sorted. */
    private static List<String> leftBehind(Path root, boolean filesOnly) throws Exception {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> !p.equals(root))
                    .map(p -> root.relativize(p).toString())
                    .filter(p -> !List.of("var", "var/lib", "var/lib/dpkg").contains(p) && !p.startsWith("var/lib/dpkg/"))
                    .filter(p -> !filesOnly || Files.isRegularFile(root.resolve(p)))
                    .sorted().toList();
        }
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void waitFor(Check check, String what) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (!check.holds()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
