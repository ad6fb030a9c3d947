package io.vigil.healthcheck;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.vigil.healthcheck.check.CheckResult;
import io.vigil.healthcheck.check.Checker;
import io.vigil.healthcheck.script.ProcessScriptLauncher;
import io.vigil.healthcheck.spec.CheckSpec;
import io.vigil.healthcheck.spec.CheckTiming;
import io.vigil.healthcheck.spec.ConnectOptions;
import io.vigil.healthcheck.spec.RealServerSpec;
import io.vigil.healthcheck.spec.TcpCheck;
import io.vigil.healthcheck.spec.VirtualServerSpec;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** HealthCheckLoop tells its SchedulingLagListener about every probe it starts, and only those. */
class SchedulingLagTest {

    @Test
    void everyStartedProbeReportsOneNonNegativeLag() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            EventLoop loop = group.next();
            List<Long> lags = new ArrayList<>();
            int[] probes = new int[1];
            Checker instant = new Checker() {
                @Override
                public CompletableFuture<CheckResult> probe() {
                    probes[0]++;
                    return CompletableFuture.completedFuture(CheckResult.success(1, "ok"));
                }

                @Override
                public long deadlineNanos() {
                    return TimeUnit.SECONDS.toNanos(1);
                }

                @Override
                public String keyword() {
                    return "TEST_CHECK";
                }
            };
            long delayLoop = TimeUnit.MILLISECONDS.toNanos(20);
            InetSocketAddress rs = new InetSocketAddress("127.0.0.1", 9);
            RealServerSpec spec = RealServerSpec.of(rs, 1, false, List.of(new CheckSpec(
                    new TcpCheck(ConnectOptions.to(rs, delayLoop)), new CheckTiming(delayLoop, 0, 0, 0, false))));
            try (HealthCheckLoop health = new HealthCheckLoop(loop, p -> instant, new ProcessScriptLauncher(group),
                    e -> { }, new SplittableRandom(1), lags::add)) {
                health.start(List.of(VirtualServerSpec.of("vs", List.of(spec)))).get(5, TimeUnit.SECONDS);
                await().atMost(10, TimeUnit.SECONDS).until(() -> loop.submit(() -> lags.size()).get() >= 5);
                List<Object> seen = loop.submit(() -> List.<Object>of(probes[0], List.copyOf(lags))).get();
                @SuppressWarnings("unchecked")
                List<Long> copy = (List<Long>) seen.get(1);
                assertEquals(seen.get(0), copy.size(), "one lag per probe started");
                assertTrue(copy.stream().allMatch(l -> l >= 0), copy.toString());
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
