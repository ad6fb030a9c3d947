package io.vigil.healthcheck.check;

/**
 * The outcome of one probe.
 *
 * @param up           whether the probe passed
 * @param reason       why it failed, {@link FailureReason#NONE} when up
 * @param latencyNanos time from the probe's start to its outcome
 * @param detail       human-readable detail: what was seen and what was expected
 * @param weight       the effect on the real server's weight
 */
public record CheckResult(boolean up, FailureReason reason, long latencyNanos, String detail, WeightEffect weight) {

    public CheckResult {
        if (reason == null || detail == null || weight == null) {
            throw new IllegalArgumentException("reason, detail and weight must be given");
        }
        if (up != (reason == FailureReason.NONE)) {
            throw new IllegalArgumentException("up=" + up + " contradicts reason " + reason);
        }
    }

    /** A success. */
    public static CheckResult success(long latencyNanos, String detail) {
        return new CheckResult(true, FailureReason.NONE, latencyNanos, detail, WeightEffect.KEEP);
    }

    /** A failure for {@code reason}. */
    public static CheckResult failure(FailureReason reason, long latencyNanos, String detail) {
        return new CheckResult(false, reason, latencyNanos, detail, WeightEffect.KEEP);
    }

    /** This result with a weight effect. */
    public CheckResult withWeight(WeightEffect effect) {
        return new CheckResult(up, reason, latencyNanos, detail, effect);
    }
}
