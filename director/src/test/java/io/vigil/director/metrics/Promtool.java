package io.vigil.director.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

/** {@code promtool check metrics} on an exposition; promtool is part of the test environment (.ci/run installs it). */
public final class Promtool {

    private Promtool() {
    }

    /** Fails the test unless promtool accepts {@code exposition} (its absence fails it too). */
    public static void accepts(String exposition) throws Exception {
        Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "promtool check metrics:\n" + out);
    }
}
