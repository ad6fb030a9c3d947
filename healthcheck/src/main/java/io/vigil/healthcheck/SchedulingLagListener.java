package io.vigil.healthcheck;

/**
 * Told, for every probe the {@link HealthCheckLoop} starts, how late it started: the probe's actual start minus the
 * time the policy asked for. Called on the health-check event loop; implementations must be quick and must not block.
 */
@FunctionalInterface
public interface SchedulingLagListener {

    /** Ignores every lag. */
    SchedulingLagListener NONE = lagNanos -> { };

    /** One probe started {@code lagNanos} after it was due (never negative: early timers count as 0). */
    void onProbeStarted(long lagNanos);
}
