package io.vigil.healthcheck.spec;

import java.nio.file.Path;

/**
 * {@code FILE_CHECK}: the integer in a tracked file. With weight 0 any non-zero value is down; otherwise
 * value × weight (negated with {@code reverse}) is added to the real server's weight (check_file.c; keepalived.conf(5)
 * track_file L1151-1204).
 *
 * @param file    the tracked file's path ({@code track_file}'s {@code file})
 * @param weight  {@code weight}
 * @param reverse {@code weight N reverse}
 */
public record FileCheck(Path file, int weight, boolean reverse) implements ProbeSpec {

    public FileCheck {
        if (file == null) {
            throw new IllegalArgumentException("FILE_CHECK needs a file");
        }
    }

    @Override
    public String keyword() {
        return "FILE_CHECK";
    }
}
