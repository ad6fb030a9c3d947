package io.vigil.healthcheck.check;

import io.vigil.healthcheck.script.ScriptExit;
import io.vigil.healthcheck.script.ScriptLauncher;
import io.vigil.healthcheck.script.ProcessScriptLauncher;
import io.vigil.healthcheck.spec.MiscCheck;

import java.util.concurrent.CompletableFuture;

/**
 * MISC_CHECK: runs misc_path; exit 0 = up, otherwise down. With misc_dynamic, 1 = down and 2..255 = up with weight
 * exit − 2 (check_misc.c {@code misc_check_child_thread}; keepalived.conf(5) L2697-2722). Stateless.
 */
public final class MiscChecker implements Checker {

    /** Lowest misc_dynamic exit status that sets a weight, 2 (keepalived.conf(5) misc_dynamic). */
    public static final int DYNAMIC_WEIGHT_BASE = 2;

    private final ScriptLauncher launcher;
    private final MiscCheck spec;

    public MiscChecker(ScriptLauncher launcher, MiscCheck spec) {
        this.launcher = launcher;
        this.spec = spec;
    }

    @Override
    public CompletableFuture<CheckResult> probe() {
        CompletableFuture<ScriptExit> run = launcher.run(spec.script(), spec.timeoutNanos());
        CompletableFuture<CheckResult> out = run.thenApply(this::judge);
        out.whenComplete((r, e) -> run.cancel(false));
        return out;
    }

    /** Maps a script's end to a result. Pure. */
    CheckResult judge(ScriptExit exit) {
        return switch (exit.outcome()) {
            case NOT_STARTED -> CheckResult.failure(FailureReason.SCRIPT_START, exit.elapsedNanos(), exit.detail());
            case TIMED_OUT -> CheckResult.failure(FailureReason.SCRIPT_TIMEOUT, exit.elapsedNanos(), exit.detail());
            case EXITED -> judgeStatus(exit);
        };
    }

    private CheckResult judgeStatus(ScriptExit exit) {
        int status = exit.exitCode();
        if (status == 0) {
            CheckResult ok = CheckResult.success(exit.elapsedNanos(), exit.detail());
            return spec.dynamic() ? ok.withWeight(WeightEffect.relative(0)) : ok;
        }
        if (spec.dynamic() && status >= DYNAMIC_WEIGHT_BASE && status <= 255) {
            return CheckResult.success(exit.elapsedNanos(), exit.detail() + "; weight " + (status - DYNAMIC_WEIGHT_BASE))
                    .withWeight(WeightEffect.absolute(status - DYNAMIC_WEIGHT_BASE));
        }
        return CheckResult.failure(FailureReason.SCRIPT_EXIT, exit.elapsedNanos(), exit.detail()
                + (spec.dynamic() ? "; expected 0 or 2..255" : "; expected 0"));
    }

    @Override
    public long deadlineNanos() {
        return spec.timeoutNanos() + ProcessScriptLauncher.KILL_GRACE_NANOS;
    }

    @Override
    public String keyword() {
        return spec.keyword();
    }
}
