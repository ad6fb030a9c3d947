package io.vigil.director.lab;

import io.vigil.dataplane.lab.ExecResult;
import io.vigil.dataplane.lab.LabProcess;
import io.vigil.dataplane.lab.Netns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;

/**
 * A BIRD 2 routing daemon in a lab namespace ({@code bird -f}, so the lab owns its PID and kills it at cleanup), with
 * its configuration, control socket and pid file in a directory of the test's own ({@code NAME.conf},
 * {@code NAME.ctl}, {@code NAME.pid}): it never touches /etc/bird or /run/bird, and several run side by side.
 *
 * <p>Threading: the test's thread.
 *
 * @param ns      the namespace it runs in
 * @param process the {@code bird -f} process
 * @param socket  its control socket
 */
public record Bird(Netns ns, LabProcess process, Path socket) implements AutoCloseable {

    /** Writes {@code config} to {@code dir/NAME.conf}, starts BIRD on it and waits (30 s) until its socket answers. */
    public static Bird start(Netns ns, Path dir, String name, String config) throws IOException {
        Files.createDirectories(dir);
        Path conf = dir.resolve(name + ".conf");
        Files.writeString(conf, config);
        Path socket = dir.resolve(name + ".ctl");
        LabProcess process = ns.start("bird", "-f", "-c", conf.toString(), "-s", socket.toString(),
                "-P", dir.resolve(name + ".pid").toString());
        Bird bird = new Bird(ns, process, socket);
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.alive()) {
                throw new IllegalStateException("bird " + name + " exited:\n" + process.output());
            }
            return bird.birdc("show", "status").ok();
        });
        return bird;
    }

    /** Runs {@code birdc -s SOCKET ARGS} in the namespace. */
    public ExecResult birdc(String... args) {
        String[] command = new String[args.length + 3];
        command[0] = "birdc";
        command[1] = "-s";
        command[2] = socket.toString();
        System.arraycopy(args, 0, command, 3, args.length);
        return ns.exec(command);
    }

    /** Whether BGP protocol {@code name} is Established ({@code birdc show protocols NAME}). */
    public boolean established(String name) {
        ExecResult r = birdc("show", "protocols", name);
        return r.ok() && r.stdout().contains("Established");
    }

    /** What BIRD logged (its stderr, with {@code log stderr all}). */
    public String log() {
        return process.output();
    }

    @Override
    public void close() {
        if (process.alive()) {
            process.kill();
        }
    }
}
