package io.vigil.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one command to completion and keeps its exit code and output, for the package tests.
 * Thread safety: none needed; each result is immutable.
 */
record Shell(List<String> command, int exitCode, String stdout, String stderr) {

    /** The build's target directory (surefire runs in the module's directory). */
    static final Path TARGET = Path.of("target").toAbsolutePath();

    static Shell run(String... command) throws IOException, InterruptedException {
        return run(Map.of(), false, command);
    }

    /** Runs {@code command}; with {@code cleanEnvironment} only PATH and {@code environment} are set. */
    static Shell run(Map<String, String> environment, boolean cleanEnvironment, String... command)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(TARGET, "out", ".txt");
        Path err = Files.createTempFile(TARGET, "err", ".txt");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            if (cleanEnvironment) {
                builder.environment().clear();
                builder.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
            }
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", command));
            }
            return new Shell(List.of(command), process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Fails with the command's output unless it exited 0; returns stdout. */
    String ok() {
        if (exitCode != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + exitCode + "\nstdout:\n" + stdout
                    + "\nstderr:\n" + stderr);
        }
        return stdout;
    }

    /** The single file in target/ whose name matches {@code glob}. */
    static Path built(String glob) throws IOException {
        try (var files = Files.newDirectoryStream(TARGET, glob)) {
            var it = files.iterator();
            if (!it.hasNext()) {
                throw new AssertionError("no " + glob + " in " + TARGET + "; run mvn -pl packaging -am package");
            }
            return it.next();
        }
    }
}
