package io.vigil.director.lab;

import io.vigil.dataplane.lab.LabProcess;
import io.vigil.dataplane.lab.Netns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * nginx as a real server in a lab namespace: {@code nginx -c CONF -g 'daemon off;'} with its pid file, logs, temp
 * paths and document root in a directory of its own, listening on one lab address. Stopping kills it by PID (the
 * master first, then its workers) and checks that nothing answers any more; starting again reuses the configuration.
 */
public final class Nginx implements AutoCloseable {

    private final Netns ns;
    private final Path dir;
    private final String listen;
    private LabProcess process;

    private Nginx(Netns ns, Path dir, String listen) {
        this.ns = ns;
        this.dir = dir;
        this.listen = listen;
    }

    /**
     * Writes a configuration serving {@code body} at {@code /health.html} and {@code /} on {@code listen}
     * ({@code ADDRESS:PORT}; {@code 0.0.0.0:80} for every address) and starts it.
     */
    public static Nginx start(Netns ns, Path dir, String listen, String body) throws IOException {
        return start(ns, dir, listen, body, List.of());
    }

    /** As {@link #start(Netns, Path, String, String)}, also listening on {@code more} (nginx {@code listen} values). */
    public static Nginx start(Netns ns, Path dir, String listen, String body, List<String> more) throws IOException {
        Files.createDirectories(dir.resolve("www"));
        Files.writeString(dir.resolve("www").resolve("health.html"), body);
        Files.writeString(dir.resolve("www").resolve("index.html"), body);
        String d = dir.toAbsolutePath().toString();
        Files.writeString(dir.resolve("nginx.conf"), """
                user root;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log;
                events {
                    worker_connections 64;
                }
                http {
                    access_log %1$s/access.log;
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    server {
                        listen %2$s;%3$s
                        root %1$s/www;
                        location / {
                        }
                    }
                }
                """.formatted(d, listen, more.stream().map(l -> "\n                        listen " + l + ";")
                .reduce("", String::concat)));
        Nginx nginx = new Nginx(ns, dir, listen);
        nginx.start();
        return nginx;
    }

    /** Starts nginx and waits until it answers on its address. */
    public void start() {
        process = ns.start("nginx", "-c", dir.resolve("nginx.conf").toString(), "-g", "daemon off;");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!ns.exec("curl", "-sf", "-o", "/dev/null", "http://" + listen + "/health.html").ok()) {
            if (System.nanoTime() > deadline || !process.alive()) {
                throw new IllegalStateException("nginx on " + listen + " did not start: " + process.output());
            }
            sleep();
        }
    }

    /**
     * Kills nginx by PID, the master before its workers, waits for the master to exit and until nothing answers on its
     * address. The order matters: a master that sees a worker die forks a replacement at once, and a replacement
     * forked just before the master's own SIGKILL outlives it (reparented to init) and keeps serving, so the real
     * server would never go down (4 kills in 200 on this machine when the workers went first). The workers' exit is
     * not awaited through their handles: orphans stay zombies until init reaps them, seconds later.
     */
    public void stop() {
        ProcessHandle master = ProcessHandle.of(process.pid()).orElse(null);
        List<ProcessHandle> workers = master == null ? List.of() : master.descendants().toList();
        if (master != null) {
            master.destroyForcibly();
        }
        workers.forEach(ProcessHandle::destroyForcibly);
        process.waitFor(Duration.ofSeconds(10));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (ns.exec("curl", "-s", "-o", "/dev/null", "--max-time", "1", "http://" + listen + "/health.html").ok()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("something still answers on " + listen + " after nginx (pid "
                        + process.pid() + ") and its workers " + workers.stream().map(ProcessHandle::pid).toList()
                        + " were killed");
            }
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process != null && process.alive()) {
            stop();
        }
    }
}
