package io.vigil.vrrp.fsm;

import java.util.Objects;

/**
 * One tracker of an instance (keepalived.md §1.7, §2.15).
 *
 * @param name    the interface name, {@code vrrp_script} name or {@code track_file} name; events refer to it
 * @param kind    what is tracked
 * @param weight  -253..253 (file: -254..254); 0 means the tracker forces FAULT instead of changing priority
 * @param reverse keepalived's {@code reverse}: flips the direction of the weight (and of the fault condition)
 */
public record TrackerSpec(String name, TrackerKind kind, int weight, boolean reverse) {

    /** Checks the weight range. */
    public TrackerSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        int limit = kind == TrackerKind.FILE ? 254 : 253;
        if (weight < -limit || weight > limit) {
            throw new IllegalArgumentException("tracker " + name + " weight " + weight + ", expected -" + limit
                    + ".." + limit);
        }
    }

    /** An unweighted tracker: failure puts the instance in FAULT. */
    public static TrackerSpec unweighted(String name, TrackerKind kind) {
        return new TrackerSpec(name, kind, 0, false);
    }
}
