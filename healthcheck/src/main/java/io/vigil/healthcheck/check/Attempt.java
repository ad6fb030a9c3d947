package io.vigil.healthcheck.check;

import io.netty.channel.Channel;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.ConnectException;
import java.net.PortUnreachableException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * One probe in flight: its result future, start time, channel and timeout. Completing the future, from here or from
 * outside, closes the channel and cancels the timer. Threading: completions may race; the first one wins.
 */
final class Attempt {

    private final CompletableFuture<CheckResult> result = new CompletableFuture<>();
    private final long startNanos = System.nanoTime();
    private volatile Channel channel;
    private volatile ScheduledFuture<?> timer;

    Attempt() {
        result.whenComplete((r, e) -> release());
    }

    CompletableFuture<CheckResult> future() {
        return result;
    }

    boolean done() {
        return result.isDone();
    }

    void channel(Channel ch) {
        this.channel = ch;
        if (result.isDone()) {
            ch.close();
        }
    }

    /** (Re)arms the timeout on {@code ch}'s event loop; firing fails the attempt with {@code what}. */
    void armTimeout(Channel ch, long timeoutNanos, String what) {
        armTimer(ch, timeoutNanos, () -> fail(FailureReason.TIMEOUT, what + " after "
                + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms"));
    }

    /**
     * (Re)arms the timer on {@code ch}'s event loop to run {@code expiry} after {@code delayNanos}; completing the
     * attempt first cancels it.
     */
    void armTimer(Channel ch, long delayNanos, Runnable expiry) {
        ScheduledFuture<?> old = timer;
        if (old != null) {
            old.cancel(false);
        }
        timer = ch.eventLoop().schedule(expiry, delayNanos, TimeUnit.NANOSECONDS);
    }

    long elapsedNanos() {
        return System.nanoTime() - startNanos;
    }

    void succeed(String detail) {
        result.complete(CheckResult.success(elapsedNanos(), detail));
    }

    void complete(CheckResult r) {
        result.complete(r);
    }

    void fail(FailureReason reason, String detail) {
        result.complete(CheckResult.failure(reason, elapsedNanos(), detail));
    }

    /** Fails with the reason that {@code cause} stands for. */
    void fail(Throwable cause, String during) {
        fail(reasonOf(cause), during + ": " + cause);
    }

    static FailureReason reasonOf(Throwable cause) {
        Throwable t = cause;
        while (t instanceof DecoderException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof ConnectTimeoutException) {
            return FailureReason.TIMEOUT;
        }
        if (t instanceof PortUnreachableException) {
            return FailureReason.PORT_UNREACHABLE;
        }
        if (t instanceof ConnectException) {
            String message = String.valueOf(t.getMessage());
            return message.contains("refused") ? FailureReason.CONNECT_REFUSED : FailureReason.CONNECT_ERROR;
        }
        if (t instanceof SSLException || t instanceof NotSslRecordException) {
            return FailureReason.TLS_HANDSHAKE;
        }
        return FailureReason.CONNECT_ERROR;
    }

    private void release() {
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }
}
