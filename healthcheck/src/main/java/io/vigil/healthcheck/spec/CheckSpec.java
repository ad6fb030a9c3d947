package io.vigil.healthcheck.spec;

/**
 * One checker of a real server: the probe it performs and its timing.
 *
 * @param probe  what is probed
 * @param timing when, and how many failures make it down
 */
public record CheckSpec(ProbeSpec probe, CheckTiming timing) {

    public CheckSpec {
        if (probe == null || timing == null) {
            throw new IllegalArgumentException("probe and timing must be given");
        }
    }
}
