package io.vigil.healthcheck.bench;

import io.vigil.healthcheck.LagHistogram;
import io.vigil.healthcheck.check.CheckResult;
import io.vigil.healthcheck.check.Checker;
import io.vigil.healthcheck.check.FailureReason;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * A checker that counts the outcomes of the checker it wraps, for the benchmark. It returns the wrapped future
 * itself, so the loop's watchdog still aborts the real probe. Thread-safe.
 */
final class CountingChecker implements Checker {

    /** Outcome counters shared by every checker of one kind. */
    static final class Tally {
        final LongAdder up = new LongAdder();
        final LagHistogram latency = new LagHistogram();
        final Map<FailureReason, LongAdder> down = new EnumMap<>(FailureReason.class);

        Tally() {
            for (FailureReason r : FailureReason.values()) {
                down.put(r, new LongAdder());
            }
        }

        long total() {
            return up.sum() + failures();
        }

        long failures() {
            return down.values().stream().mapToLong(LongAdder::sum).sum();
        }

        void count(CheckResult r, Throwable e) {
            if (e != null) {
                down.get(FailureReason.INTERNAL).increment();
            } else if (r.up()) {
                up.increment();
                latency.record(r.latencyNanos());
            } else {
                down.get(r.reason()).increment();
            }
        }
    }

    private final Checker delegate;
    private final Tally tally;

    CountingChecker(Checker delegate, Tally tally) {
        this.delegate = delegate;
        this.tally = tally;
    }

    @Override
    public CompletableFuture<CheckResult> probe() {
        CompletableFuture<CheckResult> f = delegate.probe();
        f.whenComplete(tally::count);
        return f;
    }

    @Override
    public long deadlineNanos() {
        return delegate.deadlineNanos();
    }

    @Override
    public boolean completesByDeadline() {
        return delegate.completesByDeadline();
    }

    @Override
    public String keyword() {
        return delegate.keyword();
    }
}
