package io.vigil.director.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The demo's network: namespaces {@code vdemo-<pid>-sw} (a bridge) and {@code -a}, {@code -b}, {@code -c}, each
 * with {@code eth0} on the bridge and an address in 198.18.0.0/24. Everything is removed by {@link #close()}, which
 * also runs from a shutdown hook; processes inside are ended by PID.
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

    /** Builds the switch and the hosts a (.1), b (.2), c (.3). */
    void build() throws IOException {
        add("sw");
        run("ip", "-n", ns("sw"), "link", "add", "br0", "type", "bridge");
        run("ip", "-n", ns("sw"), "link", "set", "br0", "up");
        String[] hosts = {"a", "b", "c"};
        for (int i = 0; i < hosts.length; i++) {
            String host = hosts[i];
            add(host);
            run("ip", "-n", ns("sw"), "link", "add", "p-" + host, "type", "veth", "peer", "name", "eth0", "netns", ns(host));
            run("ip", "-n", ns("sw"), "link", "set", "p-" + host, "master", "br0");
            run("ip", "-n", ns("sw"), "link", "set", "p-" + host, "up");
            run("ip", "-n", ns(host), "addr", "add", NET + "." + (i + 1) + "/24", "dev", "eth0");
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

    /** Runs {@code command} inside host's namespace. */
    String in(String host, String... command) throws IOException {
        return run(inNamespace(host, command).toArray(String[]::new));
    }

    /** Starts {@code command} inside host's namespace, output to {@code log}. */
    Process start(String host, java.nio.file.Path log, String... command) throws IOException {
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
