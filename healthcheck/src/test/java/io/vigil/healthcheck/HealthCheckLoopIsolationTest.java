package io.vigil.healthcheck;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.vigil.healthcheck.check.CheckResult;
import io.vigil.healthcheck.check.CheckTransport;
import io.vigil.healthcheck.check.Checker;
import io.vigil.healthcheck.check.CheckerFactory;
import io.vigil.healthcheck.check.FailureReason;
import io.vigil.healthcheck.event.PoolEvent;
import io.vigil.healthcheck.event.PoolView;
import io.vigil.healthcheck.event.RealServerDown;
import io.vigil.healthcheck.event.RealServerView;
import io.vigil.healthcheck.script.ProcessScriptLauncher;
import io.vigil.healthcheck.spec.CheckSpec;
import io.vigil.healthcheck.spec.CheckTiming;
import io.vigil.healthcheck.spec.ConnectOptions;
import io.vigil.healthcheck.spec.HttpCheck;
import io.vigil.healthcheck.spec.MiscCheck;
import io.vigil.healthcheck.spec.ProbeSpec;
import io.vigil.healthcheck.spec.RealServerSpec;
import io.vigil.healthcheck.spec.ScriptSpec;
import io.vigil.healthcheck.spec.TcpCheck;
import io.vigil.healthcheck.spec.UrlCheck;
import io.vigil.healthcheck.spec.VirtualServerSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hung HTTP server, a script that never exits and a checker that never answers, next to a fast TCP check on the
 * same loop: the slow ones are cut at their timeouts and never hold up the fast one.
 */
class HealthCheckLoopIsolationTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private EventLoopGroup checks;
    private EventLoopGroup servers;
    private final List<PoolEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        checks = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        servers = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    }

    @AfterEach
    void tearDown() {
        checks.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        servers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** A server that accepts, counts and never writes a byte. */
    private Channel server(AtomicInteger accepted) throws InterruptedException {
        return new ServerBootstrap().group(servers).channel(EpollServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        accepted.incrementAndGet();
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    private static InetSocketAddress addressOf(Channel ch) {
        return new InetSocketAddress("127.0.0.1", ((InetSocketAddress) ch.localAddress()).getPort());
    }

    private static CheckSpec check(ProbeSpec probe, long delayLoopNanos) {
        return new CheckSpec(probe, new CheckTiming(delayLoopNanos, 0, 0, 0, false));
    }

    private HealthCheckLoop loop(Function<ProbeSpec, Checker> factory) {
        return new HealthCheckLoop(checks.next(), factory, new ProcessScriptLauncher(checks), events::add,
                new SplittableRandom(3));
    }

    private static RealServerView view(HealthCheckLoop loop, int index) throws Exception {
        PoolView pool = loop.pool("vs").get(5, TimeUnit.SECONDS).orElseThrow();
        return pool.realServers().get(index);
    }

    @Test
    void hungServerAndEndlessScriptAreCutAtTheirTimeoutsWithoutDelayingOtherChecks() throws Exception {
        AtomicInteger hungAccepts = new AtomicInteger();
        AtomicInteger fastAccepts = new AtomicInteger();
        InetSocketAddress hung = addressOf(server(hungAccepts));
        InetSocketAddress fast = addressOf(server(fastAccepts));
        RealServerSpec slowHttp = RealServerSpec.of(hung, 1, false, List.of(check(HttpCheck.get(
                ConnectOptions.to(hung, 5000 * MS), List.of(UrlCheck.path("/"))), 60_000 * MS)));
        RealServerSpec fastTcp = RealServerSpec.of(fast, 1, false, List.of(check(new TcpCheck(
                ConnectOptions.to(fast, 1000 * MS)), 20 * MS)));
        RealServerSpec endless = RealServerSpec.of(new InetSocketAddress("127.0.0.1", 9), 1, false, List.of(check(
                new MiscCheck(ScriptSpec.of("/bin/sleep 600"), 5000 * MS, false), 60_000 * MS)));
        CheckerFactory factory = new CheckerFactory(CheckTransport.nio(checks), new ProcessScriptLauncher(checks),
                Optional.empty());
        try (HealthCheckLoop loop = loop(factory::create)) {
            loop.start(List.of(VirtualServerSpec.of("vs", List.of(slowHttp, fastTcp, endless))))
                    .get(5, TimeUnit.SECONDS);
            await().atMost(30, TimeUnit.SECONDS).until(() -> fastAccepts.get() >= 10);
            // ten fast checks completed while the hung HTTP check and the script are still in flight
            assertEquals(1, hungAccepts.get());
            assertTrue(view(loop, 0).checkers().getFirst().lastResult().isEmpty(), "HTTP check still pending");
            assertTrue(view(loop, 2).checkers().getFirst().lastResult().isEmpty(), "script still running");
            assertTrue(view(loop, 1).healthy());

            try {
                await().atMost(30, TimeUnit.SECONDS).until(() -> events.size() >= 2);
            } catch (RuntimeException e) {
                throw new AssertionError(events + " " + loop.pool("vs").get(), e);
            }
            assertEquals(FailureReason.TIMEOUT, view(loop, 0).checkers().getFirst().lastResult().orElseThrow()
                    .reason());
            assertEquals(FailureReason.SCRIPT_TIMEOUT, view(loop, 2).checkers().getFirst().lastResult()
                    .orElseThrow().reason());
            assertTrue(events.stream().allMatch(e -> e instanceof RealServerDown d && !d.realServer().equals(fast)),
                    events.toString());
            assertTrue(view(loop, 1).healthy());
            assertEquals(List.of(fast), loop.pool("vs").get(5, TimeUnit.SECONDS).orElseThrow().entries().stream()
                    .map(e -> e.address()).toList());
        }
    }

    @Test
    void theWatchdogAbandonsACheckerThatNeverCompletes() throws Exception {
        List<CompletableFuture<CheckResult>> handedOut = new CopyOnWriteArrayList<>();
        Checker never = new Checker() {
            @Override
            public CompletableFuture<CheckResult> probe() {
                CompletableFuture<CheckResult> f = new CompletableFuture<>();
                handedOut.add(f);
                return f;
            }

            @Override
            public long deadlineNanos() {
                return 100 * MS;
            }

            @Override
            public String keyword() {
                return "TEST_CHECK";
            }
        };
        InetSocketAddress rs = new InetSocketAddress("127.0.0.1", 9);
        RealServerSpec spec = RealServerSpec.of(rs, 1, false, List.of(check(new TcpCheck(ConnectOptions.to(rs,
                100 * MS)), 60_000 * MS)));
        try (HealthCheckLoop loop = loop(p -> never)) {
            loop.start(List.of(VirtualServerSpec.of("vs", List.of(spec)))).get(5, TimeUnit.SECONDS);
            await().atMost(30, TimeUnit.SECONDS).until(() -> !events.isEmpty());
            RealServerDown down = (RealServerDown) events.getFirst();
            assertTrue(down.detail().contains("watchdog"), down.detail());
            assertTrue(handedOut.getFirst().isDone(), "the abandoned probe's future is completed, freeing it");
        }
    }
}
