package io.vigil.healthcheck;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.vigil.healthcheck.check.CheckResult;
import io.vigil.healthcheck.check.Checker;
import io.vigil.healthcheck.check.FailureReason;
import io.vigil.healthcheck.event.PoolEvent;
import io.vigil.healthcheck.event.RealServerDown;
import io.vigil.healthcheck.event.RealServerView;
import io.vigil.healthcheck.script.ScriptExit;
import io.vigil.healthcheck.script.ScriptLauncher;
import io.vigil.healthcheck.spec.CheckSpec;
import io.vigil.healthcheck.spec.CheckTiming;
import io.vigil.healthcheck.spec.ConnectOptions;
import io.vigil.healthcheck.spec.RealServerSpec;
import io.vigil.healthcheck.spec.ScriptSpec;
import io.vigil.healthcheck.spec.TcpCheck;
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
import java.util.function.IntFunction;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever a checker, a script launcher or a listener does (throw, fail, never answer, answer after the watchdog,
 * answer twice), each checker keeps being probed, one probe at a time. Only eventual behaviour is asserted: the
 * checkers answer at once or never, and the delays are a few milliseconds.
 */
class HealthCheckLoopProbeChainTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final InetSocketAddress RS = new InetSocketAddress("198.18.7.1", 80);

    private EventLoopGroup group;
    private final List<PoolEvent> events = new CopyOnWriteArrayList<>();
    private final List<String> overlaps = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterEach
    void tearDown() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** A checker that answers probe {@code n} with {@code behaviour.apply(n)} and notes overlapping probes. */
    private final class ScriptedChecker implements Checker {

        final List<CompletableFuture<CheckResult>> handedOut = new CopyOnWriteArrayList<>();
        private final IntFunction<CompletableFuture<CheckResult>> behaviour;

        ScriptedChecker(IntFunction<CompletableFuture<CheckResult>> behaviour) {
            this.behaviour = behaviour;
        }

        @Override
        public CompletableFuture<CheckResult> probe() {
            for (int i = 0; i < handedOut.size(); i++) {
                if (!handedOut.get(i).isDone()) {
                    overlaps.add("probe " + handedOut.size() + " started while probe " + i + " was in flight");
                }
            }
            CompletableFuture<CheckResult> f = new CompletableFuture<>();
            handedOut.add(f);
            CompletableFuture<CheckResult> answer = behaviour.apply(handedOut.size() - 1);
            answer.whenComplete((r, e) -> {
                if (e != null) {
                    f.completeExceptionally(e);
                } else {
                    f.complete(r);
                }
            });
            return f;
        }

        int probes() {
            return handedOut.size();
        }

        @Override
        public long deadlineNanos() {
            return 20 * MS;
        }

        @Override
        public String keyword() {
            return "TEST_CHECK";
        }
    }

    private static final ScriptLauncher NO_SCRIPTS = (script, timeout) ->
            CompletableFuture.completedFuture(new ScriptExit(ScriptExit.Outcome.EXITED, 0, 0, "not run"));

    private static RealServerSpec server(Optional<ScriptSpec> notifyDown) {
        CheckSpec check = new CheckSpec(new TcpCheck(ConnectOptions.to(RS, 20 * MS)),
                new CheckTiming(5 * MS, 0, 5 * MS, 0, false));
        return new RealServerSpec(RS, 1, false, List.of(check), Optional.empty(), notifyDown);
    }

    private HealthCheckLoop start(Checker checker, ScriptLauncher scripts, PoolListener listener,
                                  Optional<ScriptSpec> notifyDown) throws Exception {
        HealthCheckLoop loop = new HealthCheckLoop(group.next(), p -> checker, scripts, listener,
                new SplittableRandom(1));
        loop.start(List.of(VirtualServerSpec.of("vs", List.of(server(notifyDown))))).get(5, TimeUnit.SECONDS);
        return loop;
    }

    private static RealServerView view(HealthCheckLoop loop) throws Exception {
        return loop.pool("vs").get(5, TimeUnit.SECONDS).orElseThrow().realServers().getFirst();
    }

    private static CompletableFuture<CheckResult> failed(String detail) {
        return CompletableFuture.completedFuture(CheckResult.failure(FailureReason.CONNECT_REFUSED, 0, detail));
    }

    @Test
    void aCheckerThatThrowsIsProbedAgain() throws Exception {
        ScriptedChecker checker = new ScriptedChecker(n -> {
            throw new IllegalStateException("bug in probe " + n);
        });
        try (HealthCheckLoop loop = start(checker, NO_SCRIPTS, events::add, Optional.empty())) {
            await().atMost(10, TimeUnit.SECONDS).until(() -> checker.probes() >= 5);
            RealServerView rs = view(loop);
            assertFalse(rs.healthy());
            assertEquals(FailureReason.INTERNAL, rs.checkers().getFirst().lastResult().orElseThrow().reason());
        }
    }

    @Test
    void aFutureCompletedExceptionallyIsProbedAgain() throws Exception {
        ScriptedChecker checker = new ScriptedChecker(n -> CompletableFuture.failedFuture(new IllegalStateException(
                "broken " + n)));
        try (HealthCheckLoop loop = start(checker, NO_SCRIPTS, events::add, Optional.empty())) {
            await().atMost(10, TimeUnit.SECONDS).until(() -> checker.probes() >= 5);
            assertEquals(FailureReason.INTERNAL, view(loop).checkers().getFirst().lastResult().orElseThrow().reason());
            assertTrue(overlaps.isEmpty(), overlaps.toString());
        }
    }

    @Test
    void anAnswerAfterTheWatchdogIsIgnoredAndProbingGoesOnOneAtATime() throws Exception {
        CompletableFuture<CheckResult> late = new CompletableFuture<>();
        ScriptedChecker checker = new ScriptedChecker(n -> n == 0 ? late : failed("refused " + n));
        try (HealthCheckLoop loop = start(checker, NO_SCRIPTS, events::add, Optional.empty())) {
            await().atMost(10, TimeUnit.SECONDS).until(() -> checker.probes() >= 2);
            assertTrue(checker.handedOut.getFirst().isDone(), "the watchdog completed the first probe");
            late.complete(CheckResult.success(0, "too late"));
            int seen = checker.probes();
            await().atMost(10, TimeUnit.SECONDS).until(() -> checker.probes() >= seen + 5);
            RealServerView rs = view(loop);
            assertFalse(rs.healthy(), "the late success did not bring the real server up");
            assertEquals(FailureReason.CONNECT_REFUSED, rs.checkers().getFirst().lastResult().orElseThrow().reason());
            assertTrue(overlaps.isEmpty(), overlaps.toString());
        }
    }

    @Test
    void aNeverAnsweringCheckerIsAbandonedEveryTimeAndProbedAgain() throws Exception {
        ScriptedChecker checker = new ScriptedChecker(n -> new CompletableFuture<>());
        try (HealthCheckLoop loop = start(checker, NO_SCRIPTS, events::add, Optional.empty())) {
            await().atMost(10, TimeUnit.SECONDS).until(() -> checker.probes() >= 4);
            assertTrue(view(loop).checkers().getFirst().lastResult().orElseThrow().detail().contains("watchdog"));
            assertTrue(overlaps.isEmpty(), overlaps.toString());
        }
    }

    @Test
    void aScriptLauncherThatThrowsDoesNotStopTheProbes() throws Exception {
        ScriptLauncher throwing = (script, timeout) -> {
            throw new IllegalStateException("cannot launch " + script.commandLine());
        };
        ScriptedChecker checker = new ScriptedChecker(n -> failed("refused " + n));
        try (HealthCheckLoop loop = start(checker, throwing, events::add, Optional.of(ScriptSpec.of("/bin/true")))) {
            await().atMost(10, TimeUnit.SECONDS).until(() -> checker.probes() >= 5);
            assertFalse(view(loop).healthy());
            assertEquals(1, events.stream().filter(RealServerDown.class::isInstance).count(), events.toString());
        }
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheProbes() throws Exception {
        ScriptedChecker checker = new ScriptedChecker(n -> n % 2 == 0 ? failed("refused " + n)
                : CompletableFuture.completedFuture(CheckResult.success(0, "ok " + n)));
        PoolListener throwing = e -> {
            events.add(e);
            throw new IllegalStateException("listener bug on " + e);
        };
        try (HealthCheckLoop loop = start(checker, NO_SCRIPTS, throwing, Optional.empty())) {
            await().atMost(10, TimeUnit.SECONDS).until(() -> checker.probes() >= 6);
            assertTrue(events.size() >= 4, events.toString());
            assertTrue(overlaps.isEmpty(), overlaps.toString());
        }
    }
}
