package io.vigil.healthcheck.check;

import io.vigil.healthcheck.spec.FileCheck;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * FILE_CHECK: reads the integer in a tracked file (keepalived track_file semantics, check_file.c). With weight 0 a
 * non-zero value is down; otherwise value × weight (negated with {@code reverse}) is added to the real server's
 * weight, and a result at or below IPVS_WEIGHT_FAULT is down. keepalived re-reads on inotify; Vigil reads it every
 * delay_loop. The read runs on the given executor (the health-check loop: a local file read is short). Stateless.
 */
public final class FileChecker implements Checker {

    /** IPVS_WEIGHT_FAULT, −INT32_MAX − 1 (ip_vs.h L25). */
    public static final long WEIGHT_FAULT = (long) Integer.MIN_VALUE;

    /** Bytes read from the file; the number is at its start. */
    private static final int MAX_BYTES = 64;

    private final Executor executor;
    private final FileCheck spec;

    public FileChecker(Executor executor, FileCheck spec) {
        this.executor = executor;
        this.spec = spec;
    }

    @Override
    public CompletableFuture<CheckResult> probe() {
        return CompletableFuture.supplyAsync(this::read, executor);
    }

    private CheckResult read() {
        long start = System.nanoTime();
        String text;
        try (var in = Files.newInputStream(spec.file())) {
            text = new String(in.readNBytes(MAX_BYTES), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return CheckResult.failure(FailureReason.FILE_UNREADABLE, System.nanoTime() - start,
                    "cannot read " + spec.file() + ": " + e.getMessage());
        }
        return judge(text, System.nanoTime() - start);
    }

    /** Judges the file's text, its number read as {@link TrackFileNumber} reads it. Pure. */
    CheckResult judge(String text, long latencyNanos) {
        OptionalLong number = TrackFileNumber.parse(text);
        if (number.isEmpty()) {
            return CheckResult.failure(FailureReason.FILE_UNREADABLE, latencyNanos, spec.file() + " holds '"
                    + text.strip() + "'; expected an integer");
        }
        long value = number.getAsLong();
        if (spec.weight() == 0) {
            return value == 0
                    ? CheckResult.success(latencyNanos, spec.file() + " = 0")
                    : CheckResult.failure(FailureReason.FILE_VALUE, latencyNanos, spec.file() + " = " + value
                            + "; expected 0 (weight 0)");
        }
        long delta = value * spec.weight() * (spec.reverse() ? -1 : 1);
        if (delta <= WEIGHT_FAULT) {
            return CheckResult.failure(FailureReason.FILE_VALUE, latencyNanos, spec.file() + " = " + value
                    + " gives weight " + delta + " <= IPVS_WEIGHT_FAULT").withWeight(WeightEffect.relative(delta));
        }
        return CheckResult.success(latencyNanos, spec.file() + " = " + value + ", weight " + delta)
                .withWeight(WeightEffect.relative(delta));
    }

    @Override
    public long deadlineNanos() {
        return 1_000_000_000L;
    }

    @Override
    public String keyword() {
        return spec.keyword();
    }
}
