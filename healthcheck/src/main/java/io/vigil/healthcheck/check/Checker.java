package io.vigil.healthcheck.check;

import java.util.concurrent.CompletableFuture;

/**
 * One probe mechanism for one target. A checker holds no health state: it probes and reports; the policy decides.
 * Threading: {@link #probe()} may be called from any thread and never blocks; the future completes on an event-loop
 * or process-reaper thread. Completing or cancelling the future from outside aborts the probe and frees its
 * resources (channel closed, process tree killed).
 */
public interface Checker {

    /** Starts one probe. */
    CompletableFuture<CheckResult> probe();

    /** The longest a probe may take before the scheduler's watchdog abandons it as {@link FailureReason#TIMEOUT}. */
    long deadlineNanos();

    /**
     * Whether every probe's future is completed by the checker itself within {@link #deadlineNanos()} (a timer of its
     * own, such as Netty's connect timeout), so that the scheduler can do without a watchdog timer. Default false.
     */
    default boolean completesByDeadline() {
        return false;
    }

    /** keepalived's keyword for this checker, e.g. {@code HTTP_GET}. */
    String keyword();
}
