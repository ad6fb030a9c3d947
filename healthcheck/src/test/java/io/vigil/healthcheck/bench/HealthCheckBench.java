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

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
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
 * and prints the process CPU (OperatingSystemMXBean, all threads), the health loop thread's CPU, GC time, checks per
 * second and the scheduling lag percentiles (probe start minus due time). Exit code 1 when not every real server is
 * up at the end (the figures would not be those of a healthy run).
 */
public final class HealthCheckBench {

    /** Name prefix of the health loop's thread, found again in /proc/self/task/TID/comm (15 characters kept). */
    private static final String LOOP_THREAD = "hc-bench-loop";

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
            System.out.printf("started %d virtual servers, %d TCP_CHECK + %d HTTP_GET real servers; warming up %d s%n",
                    specs.size(), tcp, http, warmupS);
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
            long ticks = (after.userTicks - before.userTicks) + (after.systemTicks - before.systemTicks);
            System.out.printf("     of which user %.0f%%, kernel %.0f%% (/proc/self/stat)%n",
                    ticks == 0 ? 0 : 100.0 * (after.userTicks - before.userTicks) / ticks,
                    ticks == 0 ? 0 : 100.0 * (after.systemTicks - before.systemTicks) / ticks);
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

    /** utime and stime of this process from /proc/self/stat (fields 14 and 15, clock ticks), or zeros. */
    private static long[] userSystemTicks() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
        } catch (java.io.IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /**
     * How long the loop thread has waited, runnable, for a CPU: the second field of its /proc schedstat. High when
     * other processes compete for the cores; 0 when not found.
     */
    private static long loopRunQueueWaitNanos() {
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
            for (java.nio.file.Path task : (Iterable<java.nio.file.Path>) tasks::iterator) {
                String comm = java.nio.file.Files.readString(task.resolve("comm")).strip();
                if (comm.startsWith(LOOP_THREAD)) {
                    return Long.parseLong(java.nio.file.Files.readString(task.resolve("schedstat")).split(" ")[1]);
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    /** Counters at one instant. */
    private record Sample(long wallNanos, long processCpuNanos, long userTicks, long systemTicks, long loopWaitNanos, long loopCpuNanos, long gcMillis, long gcCount,
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
            long[] ticks = userSystemTicks();
            return new Sample(System.nanoTime(), os.getProcessCpuTime(), ticks[0], ticks[1], loopRunQueueWaitNanos(),
                    threads.getThreadCpuTime(loopThread),
                    gcMillis, gcCount, tcp.total(), http.total(), tcp.failures() + http.failures(),
                    String.format("%.2f", os.getSystemLoadAverage()), CoreTicks.read());
        }
    }
}
