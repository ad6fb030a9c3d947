package io.vigil.director.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The demo's network: namespaces {@code vdemo-<pid>-sw} (a bridge) and {@code -a}, {@code -b}, {@code -c},
 * {@code -r1}, {@code -r2}, each with {@code eth0} on the bridge and an address in 198.18.0.0/24. Everything is
 * removed by {@link #close()}, which also runs from a shutdown hook; processes inside are ended by PID. Commands may
 * be run from any thread; {@link #close()} once, from the thread that built it (or the shutdown hook).
 */
final class DemoLab implements AutoCloseable {

    static final String NET = "198.18.0";
    private final String prefix = "vdemo-" + ProcessHandle.current().pid() + "-";
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final Thread hook = new Thread(this::cleanUp, "vigil-demo-cleanup");

    DemoLab() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    String ns(String host) {
        return prefix + host;
    }

    /** The host's address on the segment: a .1, b .2, c .3, r1 .11, r2 .12. */
    static String address(String host) {
        return NET + "." + switch (host) {
            case "a" -> 1;
            case "b" -> 2;
            case "c" -> 3;
            case "r1" -> 11;
            case "r2" -> 12;
            default -> throw new IllegalArgumentException("no demo host " + host + "; expected a, b, c, r1 or r2");
        };
    }

    /** Builds the switch and the hosts a, b, c, r1, r2 (see {@link #address}). */
    void build() throws IOException {
        add("sw");
        run("ip", "-n", ns("sw"), "link", "add", "br0", "type", "bridge");
        run("ip", "-n", ns("sw"), "link", "set", "br0", "up");
        for (String host : List.of("a", "b", "c", "r1", "r2")) {
            add(host);
            run("ip", "-n", ns("sw"), "link", "add", "p-" + host, "type", "veth", "peer", "name", "eth0", "netns", ns(host));
            run("ip", "-n", ns("sw"), "link", "set", "p-" + host, "master", "br0");
            run("ip", "-n", ns("sw"), "link", "set", "p-" + host, "up");
            run("ip", "-n", ns(host), "addr", "add", address(host) + "/24", "dev", "eth0");
            run("ip", "-n", ns(host), "link", "set", "eth0", "up");
        }
    }

    private void add(String host) throws IOException {
        run("ip", "netns", "add", ns(host));
        namespaces.add(ns(host));
        run("ip", "-n", ns(host), "link", "set", "lo", "up");
    }

    /** Runs a command to completion and returns its stdout; a failure names the command and its stderr. */
    String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + new String(err, StandardCharsets.UTF_8).strip());
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }

    /** Runs {@code command} inside host's namespace; empty when it fails (its exit code is not 0). */
    Optional<String> attempt(String host, String... command) {
        try {
            return Optional.of(in(host, command));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Runs {@code command} inside host's namespace. */
    String in(String host, String... command) throws IOException {
        return run(inNamespace(host, command).toArray(String[]::new));
    }

    /** Starts {@code command} inside host's namespace, output to {@code log}. */
    Process start(String host, Path log, String... command) throws IOException {
        Process p = new ProcessBuilder(inNamespace(host, command)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        synchronized (processes) {
            processes.add(p);
        }
        return p;
    }

    /** {@code ip netns exec <host's namespace> command...}. */
    private List<String> inNamespace(String host, String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns(host)));
        full.addAll(List.of(command));
        return full;
    }

    /**
     * Makes host an LVS-DR real server for {@code vip}: the VIP on lo, {@code arp_ignore=1} and
     * {@code arp_announce=2} so that it neither answers nor announces ARP for it, and nginx on 0.0.0.0:80 serving
     * "served by HOST" with its configuration, pid file, logs and document root under {@code dir}. Returns once
     * nginx answers.
     */
    void realServer(String host, String vip, Path dir) throws IOException, InterruptedException {
        in(host, "ip", "addr", "add", vip + "/32", "dev", "lo");
        in(host, "sysctl", "-q", "-w", "net.ipv4.conf.all.arp_ignore=1", "net.ipv4.conf.all.arp_announce=2");
        Files.createDirectories(dir.resolve("www"));
        Files.writeString(dir.resolve("www").resolve("index.html"), "served by " + host + "\n");
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
                        listen 0.0.0.0:80;
                        root %1$s/www;
                        location / {
                        }
                    }
                }
                """.formatted(dir.toAbsolutePath()));
        Process nginx = start(host, dir.resolve("nginx.log"), "nginx", "-c", dir.resolve("nginx.conf").toString(),
                "-g", "daemon off;");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (attempt(host, "curl", "-sf", "-o", "/dev/null", "--max-time", "1", "http://127.0.0.1/").isEmpty()) {
            if (System.nanoTime() > deadline || !nginx.isAlive()) {
                throw new IOException("nginx on " + host + " did not start: "
                        + Files.readString(dir.resolve("nginx.log")).strip());
            }
            Thread.sleep(50);
        }
    }

    /** The MAC address of host's eth0. */
    String mac(String host) throws IOException {
        String json = in(host, "ip", "-j", "link", "show", "eth0");
        var m = java.util.regex.Pattern.compile("\"address\":\"([0-9a-f:]{17})\"").matcher(json);
        return m.find() ? m.group(1) : "?";
    }

    @Override
    public void close() {
        cleanUp();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down: the hook runs
        }
    }

    private void cleanUp() {
        synchronized (processes) {
            for (Process p : processes) {
                p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                p.toHandle().destroyForcibly();
            }
            processes.clear();
        }
        for (String ns : namespaces) {
            try {
                for (String pid : run("ip", "netns", "pids", ns).split("\\s+")) {
                    if (!pid.isBlank()) {
                        ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
                run("ip", "netns", "delete", ns);
            } catch (IOException | RuntimeException e) {
                System.err.println("vigil demo: cleaning up " + ns + ": " + e.getMessage());
            }
        }
        namespaces.clear();
    }
}
