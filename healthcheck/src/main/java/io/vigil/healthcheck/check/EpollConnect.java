package io.vigil.healthcheck.check;

import io.netty.channel.IoEventLoop;
import io.vigil.healthcheck.spec.ConnectOptions;

import java.util.concurrent.TimeUnit;

/**
 * One TCP_CHECK connect as an {@link EpollTcpProbe}: passes once the handshake completes; two system calls on a pooled
 * socket (connect, and the disconnect that resets the connection). Threading: as {@link EpollTcpProbe}.
 */
final class EpollConnect extends EpollTcpProbe {

    private final Attempt attempt;
    private final String connectedDetail;
    private final String failedDuring;

    EpollConnect(IoEventLoop loop, ConnectOptions connect, Attempt attempt, String connectedDetail,
                 String failedDuring) {
        super(loop, connect, attempt.future());
        this.attempt = attempt;
        this.connectedDetail = connectedDetail;
        this.failedDuring = failedDuring;
    }

    @Override
    boolean done() {
        return attempt.done();
    }

    @Override
    void onConnected() {
        attempt.succeed(connectedDetail);
    }

    @Override
    void connectFailed(Throwable cause) {
        attempt.fail(cause, failedDuring);
    }

    @Override
    void timedOut() {
        attempt.fail(FailureReason.TIMEOUT, failedDuring + ": connection timed out after "
                + TimeUnit.NANOSECONDS.toMillis(connect.connectTimeoutNanos()) + " ms");
    }

    @Override
    void loopClosed() {
        attempt.fail(FailureReason.INTERNAL, failedDuring + ": the health-check event loop shut down");
    }
}
