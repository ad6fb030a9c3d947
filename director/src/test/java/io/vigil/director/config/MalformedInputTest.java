package io.vigil.director.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile inputs generated at test time (the small malformed ones are golden cases): each ends in a clean
 * diagnostic and an exit code, never an exception or a StackOverflowError.
 */
class MalformedInputTest {

    @TempDir
    Path dir;

    private ConfigLoad load(String text) throws Exception {
        return ConfigFiles.load(dir, "keepalived.conf", text);
    }

    private static boolean says(ConfigLoad load, String part) {
        return load.diagnostics().stream().anyMatch(d -> d.message().contains(part));
    }

    @Test
    void tenThousandLevelNestingIsOneFatalDiagnostic() throws Exception {
        ConfigLoad load = load("a {\n".repeat(10_000) + "}\n".repeat(10_000));
        assertEquals(3, load.exitCode());
        assertTrue(says(load, "nested deeper than " + Parser.MAX_DEPTH), load.diagnostics().toString());
        assertTrue(load.diagnostics().size() < Parser.MAX_DEPTH * 3 + 10, "bounded number of diagnostics");
    }

    @Test
    void tenThousandLevelNestingOnOneLineWithoutClosingBraces() throws Exception {
        ConfigLoad load = load("global_defs " + "{ x ".repeat(10_000));
        assertEquals(3, load.exitCode());
        assertTrue(says(load, "missing '}'"));
    }

    @Test
    void hugeFileIsRefusedBeforeReading() throws Exception {
        Path f = dir.resolve("huge.conf");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(Preprocessor.MAX_FILE_BYTES + 1);
        }
        ConfigLoad load = new ConfigLoader("id", false, null).load(f);
        assertEquals(3, load.exitCode());
        assertTrue(says(load, "larger than the limit"), load.diagnostics().toString());
    }

    @Test
    void binaryGarbageGivesDiagnosticsNotExceptions() throws Exception {
        byte[] garbage = new byte[64 * 1024];
        new Random(42).nextBytes(garbage);
        Path f = dir.resolve("garbage.conf");
        Files.write(f, garbage);
        ConfigLoad load = new ConfigLoader("id", false, null).load(f);
        assertEquals(3, load.exitCode());
        assertTrue(says(load, "NUL byte"), load.diagnostics().toString());
        assertTrue(load.diagnostics().stream().allMatch(d -> !d.format().contains("\n")), "one line each");
    }

    @Test
    void generatorExplosionStopsAtTheLineLimit() throws Exception {
        ConfigLoad load = load("~SEQ(A,1,1000000) ~SEQ(B,1,1000000) x ${A}.${B}\n");
        assertEquals(3, load.exitCode());
        assertTrue(says(load, "more than " + Preprocessor.MAX_LINES + " lines"), load.diagnostics().toString());
    }

    @Test
    void selfReferencingParameterIsReported() throws Exception {
        ConfigLoad load = load("$A=x $A\nglobal_defs {\n router_id $A\n}\n");
        assertTrue(says(load, "still changes the line"), load.diagnostics().toString());
    }

    @Test
    void missingMainFileCannotRun() {
        ConfigLoad load = new ConfigLoader("id", false, null).load(dir.resolve("absent.conf"));
        assertEquals(3, load.exitCode());
        assertTrue(says(load, "no such file"));
    }

    @Test
    void strictTurnsUnknownKeywordsIntoErrors() throws Exception {
        Path f = dir.resolve("k.conf");
        Files.writeString(f, "global_defs {\n  frobnicate 1\n}\n");
        assertEquals(0, new ConfigLoader("id", false, null).load(f).exitCode());
        ConfigLoad strict = new ConfigLoader("id", true, null).load(f);
        assertEquals(4, strict.exitCode());
        assertEquals("k.conf:2:3: error: unknown keyword 'frobnicate' in global_defs, expected one of the keywords"
                + " keepalived.conf(5) lists there; ignored",
                strict.diagnostics().getFirst().format().substring(dir.toString().length() + 1));
    }
}
