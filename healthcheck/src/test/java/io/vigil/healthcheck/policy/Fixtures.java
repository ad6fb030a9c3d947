package io.vigil.healthcheck.policy;

import io.vigil.healthcheck.check.CheckResult;
import io.vigil.healthcheck.check.FailureReason;
import io.vigil.healthcheck.spec.CheckSpec;
import io.vigil.healthcheck.spec.CheckTiming;
import io.vigil.healthcheck.spec.ConnectOptions;
import io.vigil.healthcheck.spec.RealServerSpec;
import io.vigil.healthcheck.spec.TcpCheck;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Spec and result builders for policy tests. */
final class Fixtures {

    static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private Fixtures() {
    }

    static InetSocketAddress rs(int n) {
        return new InetSocketAddress("198.18.1." + n, 80);
    }

    static CheckTiming timing(long delayLoopS, int retry, long delayBeforeRetryS, boolean alpha) {
        return new CheckTiming(delayLoopS * SECOND, retry, delayBeforeRetryS * SECOND, 0, alpha);
    }

    static CheckSpec tcp(int n, CheckTiming timing, long connectTimeoutS) {
        return new CheckSpec(new TcpCheck(ConnectOptions.to(rs(n), connectTimeoutS * SECOND)), timing);
    }

    static RealServerSpec server(int n, int weight, boolean inhibit, CheckTiming timing) {
        return RealServerSpec.of(rs(n), weight, inhibit, List.of(tcp(n, timing, 5)));
    }

    static CheckResult ok() {
        return CheckResult.success(1000, "ok");
    }

    static CheckResult fail() {
        return CheckResult.failure(FailureReason.TIMEOUT, 5 * SECOND, "timeout");
    }
}
