package io.vigil.healthcheck.check;

import io.vigil.healthcheck.spec.PingCheck;

import java.util.concurrent.CompletableFuture;

/** PING_CHECK: one ICMP echo through a {@link Pinger}, answered within connect_timeout (check_ping.c). Stateless. */
public final class PingChecker implements Checker {

    private final Pinger pinger;
    private final PingCheck spec;

    public PingChecker(Pinger pinger, PingCheck spec) {
        this.pinger = pinger;
        this.spec = spec;
    }

    @Override
    public CompletableFuture<CheckResult> probe() {
        long start = System.nanoTime();
        CompletableFuture<PingReply> echo = pinger.echo(spec.target(), spec.timeoutNanos());
        CompletableFuture<CheckResult> out = echo.handle((reply, e) -> {
            long elapsed = System.nanoTime() - start;
            if (e != null) {
                return CheckResult.failure(FailureReason.INTERNAL, elapsed, "pinger failed: " + e);
            }
            return reply.answered()
                    ? CheckResult.success(reply.rttNanos(), "echo reply from " + spec.target().getHostAddress())
                    : CheckResult.failure(FailureReason.PING_LOST, elapsed, spec.target().getHostAddress() + ": "
                            + reply.detail());
        });
        out.whenComplete((r, e) -> echo.cancel(false));
        return out;
    }

    @Override
    public long deadlineNanos() {
        return spec.timeoutNanos();
    }

    @Override
    public String keyword() {
        return spec.keyword();
    }
}
