package io.vigil.director.lab;

import io.vigil.dataplane.lab.LabProcess;
import io.vigil.dataplane.lab.Netns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * nginx as a real server in a lab namespace: {@code nginx -c CONF -g 'daemon off;'} with its pid file, logs, temp
 * paths and document root in a directory of its own, listening on one lab address. Stopping kills it by PID (the
 * master and its workers); starting again reuses the configuration.
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
                        listen %2$s;
                        root %1$s/www;
                        location / {
                        }
                    }
                }
                """.formatted(d, listen));
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

    /** Kills nginx (master and workers) by PID and waits for them to exit. */
    public void stop() {
        process.kill();
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
            process.kill();
        }
    }
}
