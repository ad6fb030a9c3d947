package io.vigil.director.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The demo's client c: HTTP requests to the VIP with curl (one connection each, at most 1 s), one at a time or as a
 * loop every {@link #LOOP_PAUSE_MILLIS} ms on a thread of its own. {@link #request()} and {@link #spread(int)} are for
 * one thread; a {@link Loop} is written by its own thread and read by the caller only after {@link Loop#close()}.
 */
final class DemoClient {

    /** The pause between two requests of the loop. */
    static final long LOOP_PAUSE_MILLIS = 100;
    private static final String SERVED_BY = "served by ";
    private final DemoLab lab;
    private final String url;

    DemoClient(DemoLab lab, String vip) {
        this.lab = lab;
        this.url = "http://" + vip + "/";
    }

    /** One request; the real server that answered ("r1"), or empty when it failed or timed out. */
    Optional<String> request() {
        return lab.attempt("c", "curl", "-s", "--max-time", "1", url)
                .map(String::strip)
                .filter(body -> body.startsWith(SERVED_BY))
                .map(body -> body.substring(SERVED_BY.length()));
    }

    /** {@code count} requests; answers per real server, failures under "failed". */
    Map<String, Integer> spread(int count) {
        Map<String, Integer> spread = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            spread.merge(request().orElse("failed"), 1, Integer::sum);
        }
        return spread;
    }

    /** "r1 5, r2 5" (and "failed N" when some failed). */
    static String describe(Map<String, Integer> spread) {
        List<String> parts = new ArrayList<>();
        spread.forEach((server, count) -> parts.add(server + " " + count));
        return String.join(", ", parts);
    }

    /** Starts requesting in a loop until the loop is closed. */
    Loop loop() {
        Loop loop = new Loop();
        loop.thread.start();
        return loop;
    }

    /** One request of the loop: when it started and ended, and who answered (empty: failed). */
    record Answer(long startNanos, long endNanos, Optional<String> server) {
    }

    /** A request loop on its own thread; its answers are read after {@link #close()}. */
    final class Loop implements AutoCloseable {

        private final List<Answer> answers = new ArrayList<>();
        private final Thread thread = new Thread(this::run, "vigil-demo-client");
        private volatile boolean running = true;
        private volatile long lastSuccessStartNanos = Long.MIN_VALUE;

        private void run() {
            while (running) {
                long start = System.nanoTime();
                Optional<String> server = request();
                answers.add(new Answer(start, System.nanoTime(), server));
                if (server.isPresent()) {
                    lastSuccessStartNanos = start;
                }
                try {
                    Thread.sleep(LOOP_PAUSE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** Whether a request that started after {@code nanos} has succeeded (safe while running: a volatile read). */
        boolean succeededSince(long nanos) {
            return lastSuccessStartNanos > nanos;
        }

        /** Stops the loop and waits for its last request; then {@link #answers()} may be read. */
        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join();
        }

        /** The answers, in order; only after {@link #close()}. */
        List<Answer> answers() {
            return answers;
        }
    }
}
