package io.vigil.director.cli;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * How a foreground command ends: {@link #install()} catches SIGTERM and SIGINT before the command starts its work
 * (so a signal that arrives as soon as the command says it is running is never lost), and {@link #awaitThenStop}
 * blocks until one arrives and runs the graceful stop; the command then returns and the process exits 0. Signal
 * handlers, not a shutdown hook, so that the exit code is the command's.
 *
 * <p>Thread safety: the handlers only count down a latch; {@link #awaitThenStop} runs the stop on its caller's
 * thread.
 */
final class TerminationSignals {

    private final CountDownLatch signalled = new CountDownLatch(1);

    private TerminationSignals() {
    }

    /** Installs the SIGTERM and SIGINT handlers. */
    static TerminationSignals install() {
        TerminationSignals signals = new TerminationSignals();
        Signal.handle(new Signal("TERM"), s -> signals.signalled.countDown());
        Signal.handle(new Signal("INT"), s -> signals.signalled.countDown());
        return signals;
    }

    /** Blocks until SIGTERM or SIGINT has arrived (or the caller is interrupted), then runs {@code stop}. */
    void awaitThenStop(Runnable stop) {
        try {
            signalled.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stop.run();
    }
}
