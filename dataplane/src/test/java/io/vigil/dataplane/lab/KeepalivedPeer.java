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

    private KeepalivedPeer(LabProcess process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    /** Writes {@code config} into {@code dir} and starts keepalived with it inside {@code ns}. */
    public static KeepalivedPeer start(Netns ns, Path dir, String name, String config) throws IOException {
        Files.createDirectories(dir);
        Path conf = dir.resolve(name + ".conf");
        Files.writeString(conf, config);
        LabProcess process = ns.start("keepalived", "--dont-fork", "--log-console", "--log-detail", "--vrrp",
                "-f", conf.toString(),
                "-p", dir.resolve(name + ".pid").toString(),
                "-r", dir.resolve(name + "-vrrp.pid").toString());
        KeepalivedPeer peer = new KeepalivedPeer(process, dir);
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
