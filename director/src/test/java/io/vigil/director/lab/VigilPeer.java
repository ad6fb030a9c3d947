package io.vigil.director.lab;

import io.vigil.dataplane.lab.LabProcess;
import io.vigil.dataplane.lab.Netns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The vigil daemon started as a real process in a lab namespace ({@code ip netns exec NS packaging/bin/vigil run}),
 * so kill -9 is a real fault. Its state directory, settings and keepalived.conf live in a directory of its own.
 */
public final class VigilPeer implements AutoCloseable {

    /** The launcher, from the director module's directory (where Maven runs its tests). */
    public static final Path LAUNCHER = Path.of("..", "packaging", "bin", "vigil").toAbsolutePath().normalize();

    private final Netns ns;
    private final LabProcess process;
    private final Path dir;

    private VigilPeer(Netns ns, LabProcess process, Path dir) {
        this.ns = ns;
        this.process = process;
        this.dir = dir;
    }

    /** Writes {@code config} and starts {@code vigil run} inside {@code ns}; waits until it is running. */
    public static VigilPeer start(Netns ns, Path dir, String config) throws IOException {
        return start(ns, dir, config, "");
    }

    /**
     * As {@link #start(Netns, Path, String)}, with more engine settings (HOCON lines, e.g.
     * {@code vigil.dataplane.enabled = false}).
     */
    public static VigilPeer start(Netns ns, Path dir, String config, String settingsLines) throws IOException {
        Files.createDirectories(dir);
        Path conf = dir.resolve("keepalived.conf");
        Files.writeString(conf, config);
        Path settings = dir.resolve("vigil.conf");
        Files.writeString(settings, "vigil.metrics.listen = \"127.0.0.1:9165\"\n" + settingsLines + "\n");
        LabProcess process = ns.start(LAUNCHER.toString(), "run", "-f", conf.toString(),
                "--state-dir", dir.resolve("state").toString(), "--settings", settings.toString());
        VigilPeer peer = new VigilPeer(ns, process, dir);
        process.awaitOutput(Pattern.compile("vigil running|vigil run: "), Duration.ofSeconds(60));
        if (!process.output().contains("vigil running")) {
            throw new IllegalStateException("vigil did not start:\n" + process.output());
        }
        return peer;
    }

    /** Waits for {@code (INSTANCE) Entering STATE STATE} in the log, after {@code occurrences - 1} earlier ones. */
    public void awaitState(String instance, String state, Duration timeout) {
        process.awaitOutput(Pattern.compile("\\(" + Pattern.quote(instance) + "\\) Entering " + state + " STATE"), timeout);
    }

    /** The last state the log shows for {@code instance}, or "". */
    public String lastState(String instance) {
        var m = Pattern.compile("\\(" + Pattern.quote(instance) + "\\) Entering (\\w+) STATE").matcher(process.output());
        String last = "";
        while (m.find()) {
            last = m.group(1);
        }
        return last;
    }

    /** How many times the log shows {@code instance} entering {@code state}. */
    public int transitions(String instance, String state) {
        var m = Pattern.compile("\\(" + Pattern.quote(instance) + "\\) Entering " + state + " STATE").matcher(process.output());
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** {@code vigil status [--json]} against this daemon, run in its namespace. */
    public String status(boolean json) {
        return json
                ? ns.exec(LAUNCHER.toString(), "status", "--state-dir", dir.resolve("state").toString(), "--json").orThrow().stdout()
                : ns.exec(LAUNCHER.toString(), "status", "--state-dir", dir.resolve("state").toString()).orThrow().stdout();
    }

    /** {@code vigil status OPTIONS} against this daemon, run in its namespace. */
    public String status(String... options) {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(LAUNCHER.toString(), "status",
                "--state-dir", dir.resolve("state").toString()));
        command.addAll(java.util.List.of(options));
        return ns.exec(command.toArray(String[]::new)).orThrow().stdout();
    }

    /** {@code vigil list -n [--json]} against this daemon, run in its namespace. */
    public String list(boolean json) {
        String state = dir.resolve("state").toString();
        return json ? ns.exec(LAUNCHER.toString(), "list", "--state-dir", state, "-n", "--json").orThrow().stdout()
                : ns.exec(LAUNCHER.toString(), "list", "--state-dir", state, "-n").orThrow().stdout();
    }

    /** {@code vigil list -n OPTIONS} against this daemon (e.g. {@code --stats --exact}), run in its namespace. */
    public String list(String... options) {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(LAUNCHER.toString(), "list",
                "--state-dir", dir.resolve("state").toString(), "-n"));
        command.addAll(java.util.List.of(options));
        return ns.exec(command.toArray(String[]::new)).orThrow().stdout();
    }

    /** The Prometheus exposition, scraped inside the namespace. */
    public String metrics() {
        return ns.exec("curl", "-sf", "http://127.0.0.1:9165/metrics").orThrow().stdout();
    }

    /** The log so far. */
    public String log() {
        return process.output();
    }

    /** The process. */
    public LabProcess process() {
        return process;
    }

    /** The peer's directory. */
    public Path dir() {
        return dir;
    }

    /** SIGTERM, and the exit code (or -1 if it did not exit within 15 s). */
    public int terminate() {
        return process.terminate(Duration.ofSeconds(15));
    }

    @Override
    public void close() {
        if (process.alive() && process.terminate(Duration.ofSeconds(15)) < 0) {
            process.kill();
        }
    }
}
