package io.vigil.dataplane.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Debian's keepalived (2.2.7) running VRRP only ({@code -P}) in a lab namespace, with its own pid files and a
 * console log, so a test can read its state transitions. The lab kills it by PID at cleanup.
 */
public final class KeepalivedPeer implements AutoCloseable {

    private final LabProcess process;
    private final Path dir;

    private final String name;

    private KeepalivedPeer(LabProcess process, Path dir, String name) {
        this.process = process;
        this.dir = dir;
        this.name = name;
    }

    /**
     * keepalived's JSON dump: SIGJSON ({@code keepalived --signum=JSON}) to its VRRP child, which writes
     * {@code $TMPDIR/keepalived.json} (vrrp_json.c {@code vrrp_print_json}); waits up to {@code timeout} for it.
     */
    public String json(Duration timeout) throws IOException, InterruptedException {
        Path dump = dir.resolve("keepalived.json");
        Files.deleteIfExists(dump);
        String signal = run("keepalived", "--signum=JSON");
        String vrrpPid = Files.readString(dir.resolve(name + "-vrrp.pid")).strip();
        run("kill", "-" + signal, vrrpPid);
        long deadline = System.nanoTime() + timeout.toNanos();
        String text = "";
        while (System.nanoTime() < deadline) {
            text = Files.exists(dump) ? Files.readString(dump).strip() : "";
            if (text.endsWith("]")) {
                return text;
            }
            Thread.sleep(50);
        }
        throw new IOException("keepalived wrote no complete " + dump + " within " + timeout + ": '" + text + "'");
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    /**
     * Writes {@code config} into {@code dir} and starts keepalived with it inside {@code ns}; its temporary files
     * (the SIGJSON dump among them) go to {@code dir} ({@code TMPDIR}).
     */
    public static KeepalivedPeer start(Netns ns, Path dir, String name, String config) throws IOException {
        Files.createDirectories(dir);
        Path conf = dir.resolve(name + ".conf");
        Files.writeString(conf, config);
        LabProcess process = ns.start("env", "TMPDIR=" + dir, "keepalived", "--dont-fork", "--log-console", "--log-detail", "--vrrp",
                "-f", conf.toString(),
                "-p", dir.resolve(name + ".pid").toString(),
                "-r", dir.resolve(name + "-vrrp.pid").toString());
        KeepalivedPeer peer = new KeepalivedPeer(process, dir, name);
        peer.awaitLog(Pattern.compile("Startup complete|Stopped"), Duration.ofSeconds(10));
        return peer;
    }

    /** Waits for {@code (INSTANCE) Entering STATE STATE} in the log. */
    public void awaitState(String instance, String state, Duration timeout) {
        awaitLog(Pattern.compile("\\(" + Pattern.quote(instance) + "\\) Entering " + state + " STATE"), timeout);
    }

    /** Waits for a log line matching {@code pattern}. */
    public void awaitLog(Pattern pattern, Duration timeout) {
        process.awaitOutput(pattern, timeout);
    }

    /** Everything keepalived logged so far. */
    public String log() {
        return process.output();
    }

    /** The last state keepalived logged for {@code instance} ("MASTER", "BACKUP", "FAULT"), or "" if none yet. */
    public String lastState(String instance) {
        var m = Pattern.compile("\\(" + Pattern.quote(instance) + "\\) [Ee]ntering (\\w+) STATE").matcher(log());
        String last = "";
        while (m.find()) {
            last = m.group(1);
        }
        return last;
    }

    /** The process, for kill -9 and exit checks. */
    public LabProcess process() {
        return process;
    }

    /** The directory with its config and pid files. */
    public Path dir() {
        return dir;
    }

    /** SIGTERM: keepalived sends priority 0 and removes its VIPs. */
    @Override
    public void close() {
        if (process.alive() && process.terminate(Duration.ofSeconds(10)) < 0) {
            process.kill();
        }
    }
}
