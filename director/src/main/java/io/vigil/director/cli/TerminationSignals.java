package io.vigil.director.cli;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * How a foreground command ends: SIGTERM or SIGINT runs its graceful stop on a platform thread, and the command
 * returns (and the process exits 0) once that stop has finished. Signal handlers, not a shutdown hook, so that the
 * exit code is the command's. Thread safety: {@link #awaitThenStop} blocks its caller; the stop runs once.
 */
final class TerminationSignals {

    private TerminationSignals() {
    }

    /** Blocks until SIGTERM or SIGINT has arrived and {@code stop} has run (or the caller is interrupted, then stops). */
    static void awaitThenStop(Runnable stop) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable shutdown = () -> {
            stop.run();
            stopped.countDown();
        };
        Signal.handle(new Signal("TERM"), s -> Thread.ofPlatform().name("vigil-shutdown").start(shutdown));
        Signal.handle(new Signal("INT"), s -> Thread.ofPlatform().name("vigil-shutdown").start(shutdown));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.run();
        }
    }
}
