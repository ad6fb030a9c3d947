package io.vigil.healthcheck.spec;

import java.util.concurrent.TimeUnit;

/**
 * When a checker runs and how many failures it takes to go down, already inherited VS → RS → checker by the
 * director (keepalived.conf(5) §virtual_server, check_api.c L149-154).
 *
 * @param delayLoopNanos         spacing between checks after a completed check ({@code delay_loop}, default 60 s)
 * @param retry                  extra attempts before an up checker is declared down ({@code retry}, default 1)
 * @param delayBeforeRetryNanos  spacing between those attempts ({@code delay_before_retry}, default 1 s)
 * @param warmupNanos            upper bound of the random delay before the first check ({@code warmup}, default
 *                               delay_loop; 0 disables)
 * @param alpha                  the checker starts down and must succeed once before its real server is added
 */
public record CheckTiming(long delayLoopNanos, int retry, long delayBeforeRetryNanos, long warmupNanos, boolean alpha) {

    /** Default delay_loop, 60 s (check_data.h L53). */
    public static final long DEFAULT_DELAY_LOOP_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Default retry for most checkers, 1 (check_api.c L154). */
    public static final int DEFAULT_RETRY = 1;
    /** Default delay_before_retry for most checkers, 1 s (check_api.c L153). */
    public static final long DEFAULT_DELAY_BEFORE_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

    public CheckTiming {
        if (delayLoopNanos <= 0) {
            throw new IllegalArgumentException("delay_loop must be positive, found " + delayLoopNanos + " ns");
        }
        if (retry < 0) {
            throw new IllegalArgumentException("retry must be >= 0, found " + retry);
        }
        if (delayBeforeRetryNanos < 0 || warmupNanos < 0) {
            throw new IllegalArgumentException("delay_before_retry and warmup must be >= 0");
        }
    }

    /** keepalived's defaults for a TCP_CHECK: delay_loop 60 s, retry 1, delay_before_retry 1 s, warmup delay_loop. */
    public static CheckTiming defaults() {
        return new CheckTiming(DEFAULT_DELAY_LOOP_NANOS, DEFAULT_RETRY, DEFAULT_DELAY_BEFORE_RETRY_NANOS,
                DEFAULT_DELAY_LOOP_NANOS, false);
    }

    /** This timing with another delay_loop, in seconds; warmup follows it when it equalled the old delay_loop. */
    public CheckTiming withDelayLoopSeconds(long seconds) {
        long nanos = TimeUnit.SECONDS.toNanos(seconds);
        return new CheckTiming(nanos, retry, delayBeforeRetryNanos, warmupNanos == delayLoopNanos ? nanos : warmupNanos,
                alpha);
    }
}
