package io.vigil.dataplane.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.api.Timeouts;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.AgentRunner;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * What ends an idle worker's wait in poll(2) besides a frame: a command ({@link ForwardingWorker#post}), a wake-up
 * and {@link PortIdleStrategy#stopWaiting}. The wait here is a minute, so a test passes only when the wake-up,
 * not the timeout, ended it (the frames' side is the forwarding lab tests').
 */
class PortIdleStrategyTest {

    private static final int MINUTE_MILLIS = 60_000;
    private static final long HALF_MINUTE_NANOS = TimeUnit.SECONDS.toNanos(30);

    @Test
    void aWakeUpBeforeTheWaitEndsItAtOnce() {
        try (PortIdleStrategy idle = new PortIdleStrategy(MINUTE_MILLIS)) {
            idle.wakeUp();
            long start = System.nanoTime();
            while (idle.waits() == 0) {
                idle.idle(0); // spins, yields, then blocks once
            }
            assertTrue(System.nanoTime() - start < HALF_MINUTE_NANOS, "the wait ended by the wake-up");
            assertEquals(1, idle.waits());
        }
    }

    @Test
    void aCommandPostedToAWaitingWorkerRunsAtOnce() throws Exception {
        PortIdleStrategy idle = new PortIdleStrategy(MINUTE_MILLIS);
        ForwardingWorker worker = new ForwardingWorker(1024, Timeouts.IPVS_DEFAULTS, (high, low) -> null, idle, () -> { });
        AgentRunner runner = new AgentRunner(idle, Throwable::printStackTrace, null, worker);
        AgentRunner.startOnThread(runner);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> idle.waits() > 0);
            CompletableFuture<String> ran = new CompletableFuture<>();
            worker.post(() -> ran.complete(Thread.currentThread().getName()));
            assertEquals("vigil-dataplane", ran.get(30, TimeUnit.SECONDS));
        } finally {
            idle.stopWaiting();
            runner.close();
            idle.close();
        }
    }

    @Test
    void stopWaitingLetsTheRunnerStopAtOnce() {
        PortIdleStrategy idle = new PortIdleStrategy(MINUTE_MILLIS);
        ForwardingWorker worker = new ForwardingWorker(1024, Timeouts.IPVS_DEFAULTS, (high, low) -> null, idle, () -> { });
        AgentRunner runner = new AgentRunner(idle, Throwable::printStackTrace, null, worker);
        Thread thread = AgentRunner.startOnThread(runner);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> idle.waits() > 0);
        long start = System.nanoTime();
        idle.stopWaiting();
        runner.close();
        assertTrue(System.nanoTime() - start < HALF_MINUTE_NANOS, "closed without waiting for the timeout");
        assertFalse(thread.isAlive());
        idle.close();
    }
}
