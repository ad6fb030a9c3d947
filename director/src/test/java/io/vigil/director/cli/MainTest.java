package io.vigil.director.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new Main().run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void versionPrintsTheJavaRuntime() {
        assertEquals(0, run("--version"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("vigil "), out.toString());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("Java " + Runtime.version().feature()));
    }

    @Test
    void helpListsCommands() {
        assertEquals(0, run("help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("version"));
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertEquals(2, run("frobnicate"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown command 'frobnicate'"));
    }

    @Test
    void noArgumentsIsAUsageError() {
        assertEquals(2, run());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Usage: vigil"));
    }

    @Test
    void listIsBuiltAndTalksToTheControlSocket(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        assertEquals(1, run("list", "--state-dir", dir.toString(), "-n", "--json"));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.startsWith("vigil list: ") && e.contains(dir.toString()), e);
        assertEquals(2, run("list", "--thresholds"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("vigil list: unknown option '--thresholds'; expected "
                + "-n, -c, -X, --numeric, --connection, --stats, --rate, --exact, --timeout, --json"), err.toString());
    }

    @Test
    void listAcceptsIpvsadmsOptionsAndRejectsConflicts(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        // Accepted options get as far as the (absent) daemon: exit 1, not 2.
        assertEquals(1, run("list", "--state-dir", dir.toString(), "-Ln", "--stats", "--rate", "-X"));
        assertEquals(1, run("list", "--state-dir", dir.toString(), "-nc", "--json"));
        assertEquals(1, run("list", "--state-dir", dir.toString(), "--timeout"));
        assertEquals(2, run("list", "-c", "--stats"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("vigil list: options conflict: -c lists no services, "
                + "so --stats does not apply (as in ipvsadm)"), err.toString());
        assertEquals(2, run("list", "-nq"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("vigil list: unknown option '-q' in '-nq'"), err.toString());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Usage: vigil list [-chnVX] [--json] [--rate]"),
                err.toString());
    }
}
