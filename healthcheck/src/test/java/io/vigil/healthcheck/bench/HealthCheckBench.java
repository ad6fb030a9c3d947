package io.vigil.healthcheck.bench;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.vigil.healthcheck.HealthCheckLoop;
import io.vigil.healthcheck.LagHistogram;
import io.vigil.healthcheck.check.CheckTransport;
import io.vigil.healthcheck.check.Checker;
import io.vigil.healthcheck.check.CheckerFactory;
import io.vigil.healthcheck.check.FailureReason;
import io.vigil.healthcheck.event.PoolView;
import io.vigil.healthcheck.event.RealServerView;
import io.vigil.healthcheck.script.ProcessScriptLauncher;
import io.vigil.healthcheck.spec.CheckSpec;
import io.vigil.healthcheck.spec.CheckTiming;
import io.vigil.healthcheck.spec.ConnectOptions;
import io.vigil.healthcheck.spec.HttpCheck;
import io.vigil.healthcheck.spec.ProbeSpec;
import io.vigil.healthcheck.spec.RealServerSpec;
import io.vigil.healthcheck.spec.StatusCodes;
import io.vigil.healthcheck.spec.TcpCheck;
import io.vigil.healthcheck.spec.UrlCheck;
import io.vigil.healthcheck.spec.VirtualServerSpec;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The health-check benchmark of issue 5: {@code --tcp} real servers behind TCP_CHECK and {@code --http} behind
 * HTTP_GET (status and digest checked), delay_loop 1 s, through the real {@link HealthCheckLoop} on one epoll event
 * loop with one policy per virtual server of {@value BenchEndpoints#PER_KIND} real servers, against
 * {@link BenchServers} in another process. After {@code --warmup} seconds it measures for {@code --measure} seconds
 * and prints the process CPU (OperatingSystemMXBean, all threads) and the health loop thread's CPU, each also split into
 * user and system time, the CPU per check, GC time, checks per
 * second and the scheduling lag percentiles (probe start minus due time). Exit code 1 when not every real server is
 * up at the end (the figures would not be those of a healthy run).
 */
public final class HealthCheckBench {

    /** Name prefix of the health loop's thread, found again in /proc/self/task/TID/comm (15 characters kept). */
    private static final String LOOP_THREAD = "hc-bench-loop";

    /** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on every Linux architecture Vigil runs on). */
    private static final int CLOCK_TICKS_PER_SECOND = 100;

    private HealthCheckBench() {
    }

    public static void main(String[] args) throws Exception {
        int tcp = intOption(args, "--tcp", 10_000);
        int http = intOption(args, "--http", 2_000);
        int warmupS = intOption(args, "--warmup", 10);
        int measureS = intOption(args, "--measure", 30);
        long second = TimeUnit.SECONDS.toNanos(1);
        CheckTiming timing = new CheckTiming(second, 1, second, second, false);
        long connectTimeout = 3 * second;

        List<VirtualServerSpec> specs = new ArrayList<>();
        specs.addAll(virtualServers("tcp", tcp, BenchEndpoints.tcp(),
                a -> new TcpCheck(ConnectOptions.to(a, connectTimeout)), timing));
        String digest = md5(BenchEndpoints.BODY);
        specs.addAll(virtualServers("http", http, BenchEndpoints.http(),
                a -> HttpCheck.get(ConnectOptions.to(a, connectTimeout), List.of(new UrlCheck("/health",
                        Optional.of(digest), StatusCodes.defaults(), Optional.empty()))), timing));

        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(LOOP_THREAD),
                EpollIoHandler.newFactory());
        EventLoop loop = group.next();
        ProcessScriptLauncher scripts = new ProcessScriptLauncher(group);
        CheckerFactory factory = new CheckerFactory(CheckTransport.epoll(group), scripts, Optional.empty());
        CountingChecker.Tally tcpTally = new CountingChecker.Tally();
        CountingChecker.Tally httpTally = new CountingChecker.Tally();
        Function<ProbeSpec, Checker> counting = p -> new CountingChecker(factory.create(p),
                p instanceof TcpCheck ? tcpTally : httpTally);
        LagHistogram lag = new LagHistogram();
        LongAdder events = new LongAdder();
        long loopThread = loop.submit(() -> Thread.currentThread().threadId()).get();

        try (HealthCheckLoop health = new HealthCheckLoop(loop, counting, scripts, e -> events.increment(),
                new SplittableRandom(5), lag)) {
            health.start(specs).get(60, TimeUnit.SECONDS);
            System.out.printf("started %d virtual servers, %d TCP_CHECK + %d HTTP_GET real servers; warming up %d s;"
                    + " health loop thread %s%n", specs.size(), tcp, http, warmupS,
                    loopTask().map(t -> "tid " + t.getFileName()).orElse("not found in /proc/self/task"));
            Thread.sleep(TimeUnit.SECONDS.toMillis(warmupS));

            Sample before = Sample.take(loopThread, tcpTally, httpTally);
            lag.snapshot(true);
            tcpTally.latency.snapshot(true);
            httpTally.latency.snapshot(true);
            Thread.sleep(TimeUnit.SECONDS.toMillis(measureS));
            Sample after = Sample.take(loopThread, tcpTally, httpTally);
            LagHistogram.Snapshot lags = lag.snapshot(false);

            double wallS = (after.wallNanos - before.wallNanos) / 1e9;
            double processPct = 100.0 * (after.processCpuNanos - before.processCpuNanos) / (after.wallNanos - before.wallNanos);
            double loopPct = 100.0 * (after.loopCpuNanos - before.loopCpuNanos) / (after.wallNanos - before.wallNanos);
            long tcpChecks = after.tcpChecks - before.tcpChecks;
            long httpChecks = after.httpChecks - before.httpChecks;
            long failures = after.failures - before.failures;
            List<PoolView> pools = health.pools().get(30, TimeUnit.SECONDS);
            long up = pools.stream().flatMap(p -> p.realServers().stream()).filter(RealServerView::healthy).count();

            System.out.printf("window %.1f s on %d CPUs (%s, heap max %d MiB); load average before %s, after %s%n",
                    wallS, Runtime.getRuntime().availableProcessors(), Runtime.version(),
                    Runtime.getRuntime().maxMemory() >> 20, before.loadAverage, after.loadAverage);
            System.out.printf("checks/s: %.0f total (TCP_CHECK %.0f, HTTP_GET %.0f); failed checks in window: %d%n",
                    (tcpChecks + httpChecks) / wallS, tcpChecks / wallS, httpChecks / wallS, failures);
            System.out.printf("CPU: process %.1f%% of one core (all threads: loop, JIT, GC); health loop thread %.1f%%;"
                    + " GC %d ms in %d collections%n", processPct, loopPct, after.gcMillis - before.gcMillis,
                    after.gcCount - before.gcCount);
            double windowTicks = wallS * CLOCK_TICKS_PER_SECOND;
            System.out.printf("     process user %.1f%% + system %.1f%% of one core; health loop thread user %.1f%% +"
                    + " system %.1f%% (/proc/self/stat, /proc/self/task/TID/stat)%n",
                    100.0 * (after.process.user() - before.process.user()) / windowTicks,
                    100.0 * (after.process.system() - before.process.system()) / windowTicks,
                    100.0 * (after.loop.user() - before.loop.user()) / windowTicks,
                    100.0 * (after.loop.system() - before.loop.system()) / windowTicks);
            System.out.printf("     CPU per check: process %.1f us, health loop thread %.1f us%n",
                    (after.processCpuNanos - before.processCpuNanos) / 1e3 / Math.max(1, tcpChecks + httpChecks),
                    (after.loopCpuNanos - before.loopCpuNanos) / 1e3 / Math.max(1, tcpChecks + httpChecks));
            CoreTicks.print(before.core, after.core);
            System.out.printf("     health loop thread waited for a CPU (runnable, not running) %.1f%% of the window%n",
                    100.0 * (after.loopWaitNanos - before.loopWaitNanos) / (after.wallNanos - before.wallNanos));
            System.out.printf("scheduling lag (probe start - due): p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms,"
                    + " max %.3f ms over %d probes%n", lags.p50Micros() / 1e3, lags.p99Micros() / 1e3,
                    lags.p999Micros() / 1e3, lags.maxMicros() / 1e3, lags.count());
            System.out.printf("pool: %d of %d real servers up; %d pool events since start%n", up, tcp + http,
                    events.sum());
            printFailures("TCP_CHECK", tcpTally);
            printFailures("HTTP_GET", httpTally);
            if (up != tcp + http) {
                System.out.println("NOT every real server is up: the figures are not those of a healthy run");
                System.exit(1);
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** {@code count} real servers in virtual servers of up to {@link BenchEndpoints#PER_KIND} distinct endpoints. */
    private static List<VirtualServerSpec> virtualServers(String kind, int count, List<InetSocketAddress> endpoints,
                                                          Function<InetSocketAddress, ProbeSpec> probe,
                                                          CheckTiming timing) {
        List<VirtualServerSpec> out = new ArrayList<>();
        for (int first = 0; first < count; first += endpoints.size()) {
            List<RealServerSpec> servers = new ArrayList<>();
            for (int i = first; i < Math.min(count, first + endpoints.size()); i++) {
                InetSocketAddress a = endpoints.get(i - first);
                servers.add(RealServerSpec.of(a, 1, false, List.of(new CheckSpec(probe.apply(a), timing))));
            }
            out.add(VirtualServerSpec.of("198.18.100." + out.size() + ":80 " + kind, servers));
        }
        return out;
    }

    private static void printFailures(String keyword, CountingChecker.Tally tally) {
        LagHistogram.Snapshot l = tally.latency.snapshot(false);
        System.out.printf("  %s latency of successful probes: p50 %.3f ms, p99 %.3f ms, max %.3f ms%n", keyword,
                l.p50Micros() / 1e3, l.p99Micros() / 1e3, l.maxMicros() / 1e3);
        for (FailureReason r : FailureReason.values()) {
            long n = tally.down.get(r).sum();
            if (n > 0) {
                System.out.printf("  %s failures since start, %s: %d%n", keyword, r.label(), n);
            }
        }
    }

    private static int intOption(String[] args, String name, int fallback) {
        for (String a : args) {
            if (a.startsWith(name + "=")) {
                return Integer.parseInt(a.substring(name.length() + 1));
            }
        }
        return fallback;
    }

    private static String md5(String body) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.US_ASCII)));
    }

    /** utime and stime in clock ticks, fields 14 and 15 of a /proc stat file. */
    private record Ticks(long user, long system) {
        static final Ticks NONE = new Ticks(0, 0);

        static Ticks of(Path stat) {
            try {
                String text = Files.readString(stat);
                String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
                return new Ticks(Long.parseLong(f[11]), Long.parseLong(f[12]));
            } catch (IOException | RuntimeException e) {
                return NONE;
            }
        }
    }

    /** The /proc/self/task directory of the loop thread (found by its name), or empty. */
    private static Optional<Path> loopTask() {
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                if (Files.readString(task.resolve("comm")).strip().startsWith(LOOP_THREAD)) {
                    return Optional.of(task);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * How long the loop thread has waited, runnable, for a CPU: the second field of its /proc schedstat. High when
     * other processes compete for the cores; 0 when not found.
     */
    private static long loopRunQueueWaitNanos(Optional<Path> task) {
        try {
            return task.isEmpty() ? 0
                    : Long.parseLong(Files.readString(task.get().resolve("schedstat")).split(" ")[1]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Counters at one instant. */
    private record Sample(long wallNanos, long processCpuNanos, Ticks process, Ticks loop, long loopWaitNanos,
                          long loopCpuNanos, long gcMillis, long gcCount,
                          long tcpChecks, long httpChecks, long failures, String loadAverage, CoreTicks core) {

        static Sample take(long loopThread, CountingChecker.Tally tcp, CountingChecker.Tally http) {
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long gcMillis = 0;
            long gcCount = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                gcMillis += Math.max(0, gc.getCollectionTime());
                gcCount += Math.max(0, gc.getCollectionCount());
            }
            Optional<Path> task = loopTask();
            return new Sample(System.nanoTime(), os.getProcessCpuTime(), Ticks.of(Path.of("/proc/self/stat")),
                    task.map(t -> Ticks.of(t.resolve("stat"))).orElse(Ticks.NONE), loopRunQueueWaitNanos(task),
                    threads.getThreadCpuTime(loopThread),
                    gcMillis, gcCount, tcp.total(), http.total(), tcp.failures() + http.failures(),
                    String.format("%.2f", os.getSystemLoadAverage()), CoreTicks.read());
        }
    }
}
