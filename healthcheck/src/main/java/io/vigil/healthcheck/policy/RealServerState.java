package io.vigil.healthcheck.policy;

import io.vigil.healthcheck.check.CheckResult;
import io.vigil.healthcheck.check.WeightEffect;
import io.vigil.healthcheck.event.CheckerView;
import io.vigil.healthcheck.spec.CheckSpec;
import io.vigil.healthcheck.spec.RealServerSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The health of one real server: its checkers' states, the weight contributions of misc_dynamic and FILE_CHECK, and
 * whether it is alive (all checkers up; ipwrapper.c {@code update_svr_checker_state}). Pure; single-threaded.
 */
final class RealServerState {

    final RealServerSpec spec;
    private final RetryState[] checkers;
    private final long[] weightAdjust;
    private final CheckResult[] lastResults;
    private final long[] failedChecks;
    private boolean alive;

    RealServerState(RealServerSpec spec) {
        this.spec = spec;
        int n = spec.checks().size();
        this.checkers = new RetryState[n];
        for (int i = 0; i < n; i++) {
            checkers[i] = new RetryState(spec.checks().get(i).timing());
        }
        this.weightAdjust = new long[n];
        this.lastResults = new CheckResult[n];
        this.failedChecks = new long[n];
        this.alive = failedCheckers() == 0;
    }

    /**
     * The same real server after a reload, with a new spec: each checker whose spec is unchanged keeps its state,
     * retry count, last result, failure count and weight contribution; new or changed checkers start afresh (down
     * with {@code alpha}). A weight change therefore keeps the server's health.
     */
    RealServerState(RealServerSpec spec, RealServerState previous) {
        this(spec);
        boolean[] taken = new boolean[previous.checkers.length];
        for (int i = 0; i < checkers.length; i++) {
            CheckSpec wanted = spec.checks().get(i);
            for (int j = 0; j < taken.length; j++) {
                if (!taken[j] && previous.spec.checks().get(j).equals(wanted)) {
                    taken[j] = true;
                    checkers[i] = previous.checkers[j];
                    weightAdjust[i] = previous.weightAdjust[j];
                    lastResults[i] = previous.lastResults[j];
                    failedChecks[i] = previous.failedChecks[j];
                    break;
                }
            }
        }
        this.alive = failedCheckers() == 0;
    }

    boolean alive() {
        return alive;
    }

    int failedCheckers() {
        int failed = 0;
        for (RetryState c : checkers) {
            if (!c.up()) {
                failed++;
            }
        }
        return failed;
    }

    /** Configured weight plus every checker's contribution, clamped to 0..INT32_MAX (keepalived {@code real_weight}). */
    int effectiveWeight() {
        long w = spec.weight();
        for (long adjust : weightAdjust) {
            w += adjust;
        }
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, w));
    }

    /** Applies one result; returns the checker's verdict. {@link #alive()} is updated. */
    RetryState.Verdict apply(int check, CheckResult result) {
        lastResults[check] = result;
        if (!result.up()) {
            failedChecks[check]++;
        }
        WeightEffect effect = result.weight();
        switch (effect.kind()) {
            case ABSOLUTE -> weightAdjust[check] = effect.value() - spec.weight();
            case RELATIVE -> weightAdjust[check] = effect.value();
            case KEEP -> { }
        }
        RetryState.Verdict verdict = checkers[check].onOutcome(result.up());
        alive = failedCheckers() == 0;
        return verdict;
    }

    List<CheckerView> checkerViews() {
        List<CheckerView> out = new ArrayList<>(checkers.length);
        for (int i = 0; i < checkers.length; i++) {
            CheckSpec cs = spec.checks().get(i);
            out.add(new CheckerView(cs.probe().keyword(), checkers[i].up(), Optional.ofNullable(lastResults[i]),
                    failedChecks[i], checkers[i].retriesInFlight()));
        }
        return out;
    }
}
