package io.vigil.healthcheck.policy;

import io.vigil.healthcheck.check.CheckResult;
import io.vigil.healthcheck.check.FailureReason;
import io.vigil.healthcheck.event.RealServerDown;
import io.vigil.healthcheck.event.RealServerUp;
import io.vigil.healthcheck.spec.CheckSpec;
import io.vigil.healthcheck.spec.CheckTiming;
import io.vigil.healthcheck.spec.ConnectOptions;
import io.vigil.healthcheck.spec.RealServerSpec;
import io.vigil.healthcheck.spec.TcpCheck;
import io.vigil.healthcheck.spec.VirtualServerSpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static io.vigil.healthcheck.policy.Fixtures.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The time to mark a real server down, on a virtual clock, against keepalived's arithmetic (check_tcp.c
 * {@code tcp_epilog}): the first failing check starts at most one delay_loop after the failure; it and its
 * {@code retry} retries each take connect_timeout (the server accepts nothing), separated by delay_before_retry.
 */
class TimeToDownTest {

    private static final long CHECK_NANOS = 1_000_000; // a healthy check takes 1 ms

    @Test
    void worstCaseMatchesTheFormulaForTheDefaults() {
        // delay_loop 60 s, retry 1, delay_before_retry 1 s, connect_timeout 5 s; the server dies right after a check
        Run run = run(60, 1, 1, 5, 60 * SECOND + CHECK_NANOS + 1);
        // first failing check starts at t = 2 × (60 s + 1 ms) and fails 5 s later, retry at +1 s fails 5 s later
        long firstFailingStart = 2 * (60 * SECOND + CHECK_NANOS);
        assertEquals(firstFailingStart + 5 * SECOND + SECOND + 5 * SECOND, run.downAt);
    }

    @Property(tries = 200)
    void downTimeFollowsRetryDelayBeforeRetryAndConnectTimeout(
            @ForAll @IntRange(min = 1, max = 120) int delayLoopS, @ForAll @IntRange(min = 0, max = 6) int retry,
            @ForAll @IntRange(min = 0, max = 30) int delayBeforeRetryS, @ForAll @IntRange(min = 1, max = 20) int timeoutS,
            @ForAll @LongRange(min = 0, max = 500_000_000_000L) long failAtNanos) {
        Run run = run(delayLoopS, retry, delayBeforeRetryS, timeoutS, failAtNanos);
        long detect = run.downAt - run.firstFailingStart;
        assertEquals((retry + 1L) * timeoutS * SECOND + (long) retry * delayBeforeRetryS * SECOND, detect,
                "time from the first failing check to down");
        long wait = run.firstFailingStart - failAtNanos;
        assertTrue(wait >= 0 && wait <= delayLoopS * SECOND + CHECK_NANOS,
                "first failing check " + wait + " ns after the failure; expected within one delay_loop");
    }

    @Test
    void recoveryTakesOneSuccessfulCheckAfterDelayLoop() {
        CheckTiming timing = new CheckTiming(10 * SECOND, 2, 3 * SECOND, 0, false);
        VirtualServerSpec vs = VirtualServerSpec.of("vs", List.of(RealServerSpec.of(Fixtures.rs(1), 1, false,
                List.of(new CheckSpec(new TcpCheck(ConnectOptions.to(Fixtures.rs(1), 5 * SECOND)), timing)))));
        long failFrom = 0;
        long healAt = 100 * SECOND;
        VirtualClockRun run = new VirtualClockRun(new VirtualServerPolicy(vs), (r, c, start) ->
                start >= failFrom && start < healAt
                        ? new VirtualClockRun.Outcome(CheckResult.failure(FailureReason.TIMEOUT, 5 * SECOND, "t"),
                        5 * SECOND)
                        : new VirtualClockRun.Outcome(CheckResult.success(CHECK_NANOS, "ok"), CHECK_NANOS),
                new SplittableRandom(1));
        run.runUntil(200 * SECOND);
        // down at 5 + 3 + 5 + 3 + 5 = 21 s; then checks every 15 s (10 s + 5 s timeout): 31, 46, 61, 76, 91, 106
        assertEquals(List.of(21 * SECOND), run.eventsOf(RealServerDown.class).stream().map(t -> t.atNanos()).toList());
        assertEquals(List.of(106 * SECOND + CHECK_NANOS),
                run.eventsOf(RealServerUp.class).stream().map(t -> t.atNanos()).toList());
    }

    private record Run(long firstFailingStart, long downAt) {
    }

    private static Run run(int delayLoopS, int retry, int delayBeforeRetryS, int timeoutS, long failAtNanos) {
        CheckTiming timing = new CheckTiming(delayLoopS * SECOND, retry, delayBeforeRetryS * SECOND, 0, false);
        VirtualServerSpec vs = VirtualServerSpec.of("vs", List.of(RealServerSpec.of(Fixtures.rs(1), 1, false,
                List.of(new CheckSpec(new TcpCheck(ConnectOptions.to(Fixtures.rs(1), timeoutS * SECOND)), timing)))));
        long[] firstFailing = {-1};
        VirtualClockRun run = new VirtualClockRun(new VirtualServerPolicy(vs), (r, c, start) -> {
            if (start >= failAtNanos) {
                if (firstFailing[0] < 0) {
                    firstFailing[0] = start;
                }
                return new VirtualClockRun.Outcome(CheckResult.failure(FailureReason.TIMEOUT, timeoutS * SECOND,
                        "timeout"), timeoutS * SECOND);
            }
            return new VirtualClockRun.Outcome(CheckResult.success(CHECK_NANOS, "ok"), CHECK_NANOS);
        }, new SplittableRandom(7));
        long horizon = failAtNanos + (delayLoopS + (retry + 2L) * (timeoutS + delayBeforeRetryS)) * SECOND;
        run.runUntil(horizon);
        List<VirtualClockRun.Timed> downs = run.eventsOf(RealServerDown.class);
        assertEquals(1, downs.size(), "exactly one RealServerDown, found " + run.events);
        return new Run(firstFailing[0], downs.getFirst().atNanos());
    }
}
