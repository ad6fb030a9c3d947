package io.vigil.director.lab;

import io.vigil.dataplane.lab.LabProcess;
import io.vigil.dataplane.lab.Netns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * nginx (Debian's nginx-light) in a lab namespace, in the foreground, with its own config, pid file and logs in a
 * directory of its own; it serves {@code body} on every path of port 80. The lab kills it by PID at cleanup.
 */
public final class NginxServer implements AutoCloseable {

    private final Netns ns;
    private final Path dir;
    private LabProcess process;

    private NginxServer(Netns ns, Path dir) {
        this.ns = ns;
        this.dir = dir;
    }

    /** Writes the config and starts nginx; waits until it answers on 127.0.0.1:80 inside {@code ns}. */
    public static NginxServer start(Netns ns, Path dir, String body) throws IOException {
        Files.createDirectories(dir.resolve("html"));
        Files.writeString(dir.resolve("html").resolve("index.html"), body + "\n");
        Files.writeString(dir.resolve("nginx.conf"), """
                # Workers run as root: the lab's temporary directories are private (0700) to the test JVM.
                user root;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log;
                worker_processes 1;
                events { worker_connections 256; }
                http {
                    access_log %1$s/access.log;
                    client_body_temp_path %1$s;
                    server {
                        listen 80;
                        root %1$s/html;
                    }
                }
                """.formatted(dir));
        NginxServer server = new NginxServer(ns, dir);
        server.start();
        return server;
    }

    /** Starts nginx again after {@link #stop()}. */
    public void start() {
        process = ns.start("nginx", "-c", dir.resolve("nginx.conf").toString(), "-g", "daemon off;");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!ns.exec("curl", "-sf", "-o", "/dev/null", "--max-time", "1", "http://127.0.0.1/").ok()) {
            if (System.nanoTime() > deadline || !process.alive()) {
                throw new IllegalStateException("nginx did not start:\n" + process.output());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Kills nginx (master and workers). */
    public void stop() {
        process.kill();
    }

    @Override
    public void close() {
        if (process != null && process.alive()) {
            process.kill();
        }
    }
}
