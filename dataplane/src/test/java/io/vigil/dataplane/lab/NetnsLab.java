package io.vigil.dataplane.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The namespace lab: network namespaces, veth pairs and bridges with addresses from 198.18.0.0/15 (IPv6: ULA
 * fd00::/8, which never leaves the namespaces), and processes started inside them.
 *
 * <p>Register it as {@code @RegisterExtension static final NetnsLab lab = new NetnsLab();}. Every namespace of
 * one lab is named {@code vlab-<pid>-<random>-<name>}. At the end of the test class, and from a shutdown hook
 * if the JVM is stopped, it kills the processes it started (by PID) and deletes its namespaces. Namespaces left
 * by a JVM that was killed (its PID is gone) are deleted when the next lab starts.
 *
 * <p>Needs root (CAP_SYS_ADMIN + CAP_NET_ADMIN); fails with a clear message otherwise.
 */
public final class NetnsLab implements BeforeAllCallback, AfterAllCallback {

    /** The prefix of every lab namespace on this machine. */
    public static final String PREFIX = "vlab-";
    private static final Pattern LAB_NAME = Pattern.compile("^" + PREFIX + "(\\d+)-[0-9a-f]+-\\S+");
    private static final Pattern SHORT_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,20}");
    private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9_.-]{1,15}");

    private final String runPrefix;
    private final List<Netns> namespaces = new ArrayList<>();
    private final List<LabProcess> processes = new ArrayList<>();
    private Thread shutdownHook;

    public NetnsLab() {
        byte[] random = new byte[3];
        ThreadLocalRandom.current().nextBytes(random);
        this.runPrefix = PREFIX + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random) + "-";
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Checks for root, removes stale namespaces of dead labs and arms the shutdown hook. */
    public synchronized void start() {
        requireRoot();
        removeStale();
        if (shutdownHook == null) {
            shutdownHook = new Thread(this::cleanUp, "netns-lab-cleanup");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    /** Kills this lab's processes and deletes its namespaces. */
    public synchronized void close() {
        cleanUp();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook is running or ran.
            }
            shutdownHook = null;
        }
    }

    /** The prefix of this lab's namespace names. */
    public String runPrefix() {
        return runPrefix;
    }

    /** Creates namespace {@code <runPrefix><name>} with lo up. */
    public synchronized Netns namespace(String name) {
        if (!SHORT_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("lab namespace name '" + name + "': expected [a-z0-9_-], at most 21");
        }
        Netns ns = new Netns(this, runPrefix + name);
        run("ip", "netns", "add", ns.name());
        namespaces.add(ns);
        run("ip", "-n", ns.name(), "link", "set", "lo", "up");
        return ns;
    }

    /**
     * Creates a veth pair, {@code leftIf} in {@code left} and {@code rightIf} in {@code right}, with the given
     * addresses (CIDR, or null for none), both up.
     */
    public void veth(Netns left, String leftIf, String leftCidr, Netns right, String rightIf, String rightCidr) {
        veth(left, leftIf, leftCidr, right, rightIf, rightCidr, 1);
    }

    /**
     * As {@link #veth(Netns, String, String, Netns, String, String)}, with {@code queues} receive and transmit
     * queues on each end: a frame arrives on the receive queue of the number of the transmit queue the sender picked
     * (by its flow hash), as a multi-queue NIC's RSS spreads flows.
     */
    public void veth(Netns left, String leftIf, String leftCidr, Netns right, String rightIf, String rightCidr,
                     int queues) {
        requireIfName(leftIf);
        requireIfName(rightIf);
        if (queues < 1 || queues > 64) {
            throw new IllegalArgumentException("veth with " + queues + " queues, expected 1 to 64");
        }
        if (queues == 1) {
            run("ip", "-n", left.name(), "link", "add", leftIf, "type", "veth", "peer", "name", rightIf,
                    "netns", right.name());
        } else {
            String n = Integer.toString(queues);
            run("ip", "-n", left.name(), "link", "add", leftIf, "numrxqueues", n, "numtxqueues", n, "type", "veth",
                    "peer", "name", rightIf, "numrxqueues", n, "numtxqueues", n, "netns", right.name());
        }
        configure(left, leftIf, leftCidr);
        configure(right, rightIf, rightCidr);
    }

    /** Creates bridge {@code name} in {@code ns}, up, optionally with an address (CIDR, or null). */
    public void bridge(Netns ns, String name, String cidr) {
        requireIfName(name);
        run("ip", "-n", ns.name(), "link", "add", name, "type", "bridge");
        configure(ns, name, cidr);
    }

    /** Enslaves interface {@code ifName} of {@code ns} to bridge {@code bridge} in the same namespace. */
    public void attach(Netns ns, String ifName, String bridge) {
        run("ip", "-n", ns.name(), "link", "set", ifName, "master", bridge);
    }

    /** Adds an address (CIDR) to an interface; only lab ranges are accepted. */
    public void address(Netns ns, String ifName, String cidr) {
        requireLabAddress(cidr);
        run("ip", "-n", ns.name(), "addr", "add", cidr, "dev", ifName);
    }

    private void configure(Netns ns, String ifName, String cidr) {
        if (cidr != null) {
            address(ns, ifName, cidr);
        }
        run("ip", "-n", ns.name(), "link", "set", ifName, "up");
    }

    synchronized LabProcess track(LabProcess process) {
        processes.add(process);
        return process;
    }

    private synchronized void cleanUp() {
        for (LabProcess p : processes) {
            if (p.alive()) {
                p.kill();
            }
        }
        processes.clear();
        for (Netns ns : namespaces) {
            delete(ns.name());
        }
        namespaces.clear();
    }

    /** Deletes namespaces whose owning JVM (the PID in the name) is gone. */
    private static void removeStale() {
        ExecResult list = Commands.run(List.of("ip", "netns", "list"), null, Commands.DEFAULT_TIMEOUT).orThrow();
        for (String line : list.stdout().split("\n")) {
            Matcher m = LAB_NAME.matcher(line.strip());
            if (m.find()) {
                long owner = Long.parseLong(m.group(1));
                if (ProcessHandle.of(owner).isEmpty()) {
                    delete(line.strip().split("\\s+")[0]);
                }
            }
        }
    }

    /** Kills what still runs in the namespace (only lab processes can be there), then deletes it. */
    private static void delete(String name) {
        ExecResult pids = Commands.run(List.of("ip", "netns", "pids", name), null, Commands.DEFAULT_TIMEOUT);
        for (String pid : pids.stdout().split("\\s+")) {
            if (!pid.isBlank()) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        Commands.run(List.of("ip", "netns", "delete", name), null, Commands.DEFAULT_TIMEOUT);
    }

    private static void run(String... command) {
        Commands.run(List.of(command), null, Duration.ofSeconds(30)).orThrow();
    }

    private static void requireIfName(String name) {
        if (!IFNAME.matcher(name).matches()) {
            throw new IllegalArgumentException("interface name '" + name + "': expected 1-15 of [A-Za-z0-9_.-]");
        }
    }

    /** Lab addresses: IPv4 inside 198.18.0.0/15, IPv6 inside fd00::/8. */
    static void requireLabAddress(String cidr) {
        String address = cidr.contains("/") ? cidr.substring(0, cidr.indexOf('/')) : cidr;
        boolean ok;
        if (address.contains(":")) {
            ok = address.toLowerCase().startsWith("fd");
        } else {
            String[] octets = address.split("\\.");
            ok = octets.length == 4 && octets[0].equals("198") && (octets[1].equals("18") || octets[1].equals("19"));
        }
        if (!ok) {
            throw new IllegalArgumentException("lab address " + cidr + " is outside the lab ranges "
                    + "198.18.0.0/15 and fd00::/8");
        }
    }

    private static void requireRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    String effective = line.split("\\s+")[2];
                    if (!effective.equals("0")) {
                        throw new LabException("the namespace lab needs root (effective uid is " + effective
                                + "); run mvn verify as root, or skip the lab explicitly with -Dvigil.lab.skip=true");
                    }
                    return;
                }
            }
        } catch (IOException e) {
            throw new LabException("cannot read /proc/self/status to check for root: " + e.getMessage(), e);
        }
    }
}
