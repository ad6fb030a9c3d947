package io.vigil.healthcheck.script;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandLineTest {

    private static Optional<List<String>> split(String line) {
        return CommandLine.split(line, new StringBuilder());
    }

    @Test
    void splitsOnBlanksAndHonoursQuotes() {
        assertEquals(Optional.of(List.of("/bin/check", "a b", "it's", "x\"y", "plain")),
                split("/bin/check  'a b' \"it's\" x\\\"y\tplain"));
        assertEquals(Optional.of(List.of("/bin/sh", "-c", "exit $((1+1))")), split("/bin/sh -c 'exit $((1+1))'"));
        assertEquals(Optional.of(List.of("a", "")), split("a ''"));
    }

    @Test
    void unclosedQuotesAndEmptyLinesAreReportedWithTheirColumn() {
        StringBuilder error = new StringBuilder();
        assertTrue(CommandLine.split("/bin/x 'open", error).isEmpty());
        assertTrue(error.toString().contains("column 8"), error.toString());
        StringBuilder empty = new StringBuilder();
        assertTrue(CommandLine.split("   ", empty).isEmpty());
        assertTrue(empty.toString().contains("expected a program path"));
    }
}
