package io.vigil.healthcheck.policy;

import io.vigil.healthcheck.spec.CheckTiming;

/**
 * One checker's up/down state and retry counter, stepped by probe outcomes. keepalived's rule (check_tcp.c
 * {@code tcp_epilog} L95-145, shared by every checker here): an up checker that fails is retried {@code retry} times
 * at {@code delay_before_retry} spacing and only then goes down; a down checker comes up after one success; the next
 * check otherwise follows {@code delay_loop} after the previous one completed. Pure; single-threaded.
 */
final class RetryState {

    /** What one outcome does. */
    enum Transition { NONE, UP, DOWN }

    /**
     * @param transition the checker's state change, if any
     * @param delayNanos time from now to the next probe
     */
    record Verdict(Transition transition, long delayNanos) {
    }

    private final CheckTiming timing;
    private boolean up;
    private boolean hasRun;
    private int retryIt;

    RetryState(CheckTiming timing) {
        this.timing = timing;
        this.up = !timing.alpha();
    }

    boolean up() {
        return up;
    }

    int retriesInFlight() {
        return retryIt;
    }

    Verdict onOutcome(boolean success) {
        long delay = timing.delayLoopNanos();
        Transition transition = Transition.NONE;
        if (success || ((up || !hasRun) && retryIt >= timing.retry())) {
            retryIt = 0;
            if (success && (!up || !hasRun)) {
                transition = up ? Transition.NONE : Transition.UP;
                up = true;
            } else if (!success && (up || !hasRun)) {
                transition = up ? Transition.DOWN : Transition.NONE;
                up = false;
            }
        } else if (up) {
            delay = timing.delayBeforeRetryNanos();
            retryIt++;
        }
        hasRun = true;
        return new Verdict(transition, delay);
    }
}
