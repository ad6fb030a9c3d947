package io.vigil.director.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.lab.Netns;
import io.vigil.director.lab.ConnectionReport;
import io.vigil.director.lab.LongLivedConnections;
import io.vigil.director.lab.VigilPeer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * The measurement of the zero-broken-connections lab tests (issue 10), whatever their forwarding method: a pair of
 * vigil directors {@code a} (MASTER) and {@code b} (BACKUP) started for one {@link FailoverCase}, a client holding
 * {@value #CONNECTIONS} long-lived connections through the VIP (a line every 300 ms), then {@code a} dies (its links
 * cut, its daemon killed with -9) and the connections are judged after {@code b} takes over.
 *
 * <p>Threading: the test's thread only.
 */
final class TakeoverUnderLoad {

    static final int CONNECTIONS = 200;
    static final Duration INTERVAL = Duration.ofMillis(300);
    /** A connection that exchanged nothing for this long when the run ends is broken (it answers every 300 ms). */
    static final Duration STALL_LIMIT = Duration.ofSeconds(2);
    /**
     * The failover window a surviving connection may be silent for: 3 x advert_int + skew (3.6 s) for the backup to
     * take over, plus TCP's retransmission back-off (the lost segment is sent again 0.2, 0.6, 1.4, 3.0, 6.2 s after
     * its first send, so the first retransmission after the takeover comes up to 3.2 s later).
     */
    static final Duration FAILOVER_WINDOW = Duration.ofSeconds(10);
    /** The metrics read from the directors (regexes over the exposition's sample names). */
    static final String TABLE_SIZE = "vigil_dataplane_connections";
    static final String NO_CONNECTION_DROPS = "vigil_dataplane_drops_total\\{reason=\"no_connection\"}";
    static final String SYNC_SENT = "vigil_sync_connections_sent_total";
    static final String SYNC_RECEIVED = "vigil_sync_connections_received_total";
    static final String SYNC_LAG_MAX = "vigil_sync_lag_max_seconds";
    /** The sync sender's thread as /proc shows it: comm holds the first 15 bytes of its name (vigil-sync-master). */
    private static final String SYNC_SENDER_THREAD = "vigil-sync-mast";

    private TakeoverUnderLoad() {
    }

    /**
     * One way of running the two directors.
     *
     * @param name      what the report calls it
     * @param conf      the keepalived.conf of {@code a} (given true) and of {@code b} (given false)
     * @param settings  engine settings (HOCON lines) for both, e.g. {@code vigil.dataplane.sloppy-tcp = true}
     * @param survives  whether every connection must survive the takeover (else every one must break)
     */
    record FailoverCase(String name, Function<Boolean, String> conf, String settings, boolean survives) {
        @Override
        public String toString() {
            return name;
        }

        /** Whether the directors sync connections ({@code lvs_sync_daemon} in a's configuration). */
        boolean synced() {
            return conf.apply(true).contains("lvs_sync_daemon");
        }
    }

    /** Both directors, running, {@code a} MASTER and {@code b} BACKUP of the instance, each with its whole pool. */
    record DirectorPair(VigilPeer a, VigilPeer b, double readySeconds) implements AutoCloseable {
        @Override
        public void close() {
            try (VigilPeer first = a; VigilPeer second = b) {
                // both stopped, b even when a's close fails
            }
        }
    }

    /** What a takeover under load did: the client's report, b's takeover time, and the directors' sync numbers. */
    record Outcome(ConnectionReport report, double takeoverSeconds, String masterBeforeKill, String backupAfter,
                   String senderCpu) {
    }

    /**
     * Starts {@code a} in {@code aNs} and {@code b} in {@code bNs} at once (each JVM takes seconds; a has the higher
     * priority whoever is up first) and waits until a is MASTER and b BACKUP of {@code instance} and each lists every
     * one of {@code realServers} ({@code ADDRESS:PORT}). Each keeps its files in a directory of the case's own.
     */
    static DirectorPair start(FailoverCase c, Netns aNs, Netns bNs, String instance, String... realServers)
            throws IOException {
        long startedAt = System.nanoTime();
        // A short path (in the module's target directory): the control socket's path must fit sockaddr_un.
        Path caseDir = Files.createTempDirectory("vz");
        CompletableFuture<VigilPeer> startingB = CompletableFuture.supplyAsync(() -> start(c, caseDir, bNs, false));
        VigilPeer a;
        try {
            a = start(c, caseDir, aNs, true);
        } catch (RuntimeException e) {
            startingB.thenAccept(VigilPeer::close);
            throw e;
        }
        VigilPeer b;
        try {
            b = startingB.join();
        } catch (RuntimeException e) {
            a.close();
            throw e;
        }
        DirectorPair pair = new DirectorPair(a, b, 0);
        try {
            a.awaitState(instance, "MASTER", Duration.ofSeconds(30));
            b.awaitState(instance, "BACKUP", Duration.ofSeconds(30));
            awaitPool(a, realServers);
            awaitPool(b, realServers);
        } catch (RuntimeException e) {
            pair.close();
            throw e;
        }
        return new DirectorPair(a, b, (System.nanoTime() - startedAt) / 1e9);
    }

    private static VigilPeer start(FailoverCase c, Path caseDir, Netns ns, boolean master) {
        String name = master ? "a" : "b";
        try {
            return VigilPeer.start(ns, caseDir.resolve(name), c.conf().apply(master), c.settings());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits (30 s at most) until {@code director} lists every one of {@code realServers} ({@code ADDRESS:PORT}). */
    static void awaitPool(VigilPeer director, String... realServers) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
            String list = director.list(false);
            for (String rs : realServers) {
                if (!list.contains("-> " + rs)) {
                    return false;
                }
            }
            return true;
        });
    }

    /**
     * Opens the connections from {@code client} to {@code service}, lets them exchange for 2 s, runs {@code cutLinks}
     * and kills a's daemon with -9, waits until b enters MASTER of {@code instance} and every connection answers
     * again (7 s at most), and then {@link #STALL_LIMIT} more, and reports.
     */
    static Outcome failOver(DirectorPair directors, String instance, Netns client, InetSocketAddress service,
                            Runnable cutLinks) throws Exception {
        VigilPeer b = directors.b();
        long pid = directors.a().process().pid();
        long senderStart = threadRunNanos(pid, SYNC_SENDER_THREAD);
        long openedAt = System.nanoTime();
        LongLivedConnections connections = LongLivedConnections.open(client, service, CONNECTIONS, INTERVAL);
        Thread.sleep(2000);
        int mastered = b.transitions(instance, "MASTER"); // b may have been MASTER until a came up
        String before = directors.a().metrics();
        String senderCpu = senderStart < 0 ? "no sync sender"
                : String.format("sync sender thread %.1f ms of CPU in %.1f s",
                (threadRunNanos(pid, SYNC_SENDER_THREAD) - senderStart) / 1e6, (System.nanoTime() - openedAt) / 1e9);
        cutLinks.run();
        directors.a().process().kill();
        long killedAt = System.nanoTime();
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20))
                .until(() -> b.transitions(instance, "MASTER") > mastered);
        long takeoverAt = System.nanoTime();
        Awaitility.await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(100))
                .until(() -> connections.answeringSince(takeoverAt) == CONNECTIONS || System.nanoTime() - takeoverAt
                        > Duration.ofSeconds(7).toNanos());
        Thread.sleep(STALL_LIMIT.toMillis());
        ConnectionReport report = connections.stop(STALL_LIMIT);
        return new Outcome(report, (takeoverAt - killedAt) / 1e9, before, b.metrics(), senderCpu);
    }

    /** The run time (ns, /proc/PID/task/TID/schedstat) of the process's thread named {@code comm}, or -1. */
    private static long threadRunNanos(long pid, String comm) throws IOException {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                if (Files.readString(task.resolve("comm")).strip().equals(comm)) {
                    return Long.parseLong(Files.readString(task.resolve("schedstat")).split(" ")[0]);
                }
            }
        }
        return -1;
    }

    /**
     * Prints the outcome's line and asserts the case's promise: every connection survived (none broken or moved,
     * both real servers used, no silence past {@link #FAILOVER_WINDOW}, b's table holding them all) or every one
     * broke (and b dropped their packets for want of an entry). With sync, b must have installed every connection from
     * a's messages.
     */
    static void judge(FailoverCase c, DirectorPair directors, Outcome o) {
        ConnectionReport report = o.report();
        String metrics = o.backupAfter();
        System.out.printf("%s: directors ready in %.1f s; b MASTER %.2f s after kill -9; %s; b: %s connections, "
                        + "%s no_connection drops; sync: a sent %s connections, lag max %s s, %s; b received %s%n",
                c.name(), directors.readySeconds(), o.takeoverSeconds(), report, metric(metrics, TABLE_SIZE),
                metric(metrics, NO_CONNECTION_DROPS), metric(o.masterBeforeKill(), SYNC_SENT),
                metric(o.masterBeforeKill(), SYNC_LAG_MAX), o.senderCpu(), metric(metrics, SYNC_RECEIVED));
        if (c.survives()) {
            assertEquals(0, report.broken(), report + "\nb's log:\n" + directors.b().log());
            assertEquals(0, report.moved(), "a connection reached another real server: " + report);
            assertTrue(report.perServer().size() == 2, "the connections spread over both real servers: " + report);
            assertTrue(report.longestGap().compareTo(FAILOVER_WINDOW) < 0,
                    "silent longer than the failover window: " + report);
            assertTrue(Double.parseDouble(metric(metrics, TABLE_SIZE)) >= CONNECTIONS,
                    "b carries every connection in its table");
            if (c.synced()) {
                assertTrue(Double.parseDouble(metric(metrics, SYNC_RECEIVED)) >= CONNECTIONS,
                        "b installed every connection from a's sync messages");
            }
        } else {
            assertEquals(CONNECTIONS, report.broken(), report.toString());
            assertTrue(Double.parseDouble(metric(metrics, NO_CONNECTION_DROPS)) > 0,
                    "b dropped the mid-flow packets it had no entry for");
        }
    }

    /** The value of the first sample of {@code name} (a regex) in the exposition, or "none". */
    static String metric(String exposition, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\s+(\\S+)").matcher(exposition);
        return m.find() ? m.group(1) : "none";
    }
}
