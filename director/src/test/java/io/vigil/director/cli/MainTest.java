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
        assertEquals(2, run("list", "--stats"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option '--stats'"), err.toString());
    }
}
