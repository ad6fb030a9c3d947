package io.vigil.director.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code vigil genhash} and keepalived's own {@code /usr/bin/genhash} (installed by .ci/run with the keepalived
 * package) fetch the same loopback pages and must print the same digest, including a chunked body hashed raw.
 * Without keepalived's genhash the test fails: it is the reference.
 */
class GenhashAgainstKeepalivedTest {

    private static final Path KEEPALIVED_GENHASH = Path.of("/usr/bin/genhash");

    @ParameterizedTest
    @CsvSource({"/fixed, 1.0", "/fixed, 1.1", "/chunked, 1.1", "/chunked, 1.0C", "/missing, 1.0"})
    void sameDigestAsKeepalivedGenhash(String path, String protocol) throws Exception {
        assertTrue(Files.isExecutable(KEEPALIVED_GENHASH),
                KEEPALIVED_GENHASH + " is missing: install keepalived (.ci/run does)");
        try (LoopbackWebServer web = new LoopbackWebServer()) {
            compare(web, path, protocol);
        }
    }

    private static void compare(LoopbackWebServer web, String path, String protocol) throws Exception {
        List<String> common = List.of("-s", "127.0.0.1", "-p", String.valueOf(web.port()), "-u", path,
                "--protocol", protocol);

        List<String> command = new ArrayList<>(List.of(KEEPALIVED_GENHASH.toString()));
        command.addAll(common);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "keepalived genhash did not finish");
        String theirs = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, process.exitValue(), theirs);
        assertTrue(theirs.matches("[0-9a-f]{32}"), "keepalived genhash printed: " + theirs);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("genhash"));
        args.addAll(common);
        int code = new Main().run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertEquals(theirs, out.toString(StandardCharsets.UTF_8).strip());
    }
}
