package io.vigil.vrrp.fsm;

import java.util.List;

/**
 * The current state of an instance's trackers and what they add up to: the weight sum, whether an unweighted tracker
 * forces FAULT, and whether an unweighted script has not reported yet (keepalived.md §2.11, §2.15; vrrp_track.c
 * {@code initialise_*_tracking_priorities}, {@code process_script_update_priority}). Owned by its instance.
 */
final class TrackerSet {

    private static final byte UNKNOWN = 0;
    private static final byte UP = 1;
    private static final byte DOWN = 2;
    /** A track_file status at or below this puts the instance in FAULT (vrrp_track.c, man5 L1151-1204). */
    private static final long FILE_FAULT_STATUS = -254;
    /** The largest priority change one track_file can make. */
    private static final long FILE_MAX_STATUS = 253;

    private final List<TrackerSpec> specs;
    private final byte[] state;
    private final long[] fileValue;

    TrackerSet(List<TrackerSpec> specs) {
        this.specs = specs;
        this.state = new byte[specs.size()];
        this.fileValue = new long[specs.size()];
    }

    /**
     * A set for {@code newSpecs} that keeps the state of every tracker of the same name and kind here (a reload
     * keeps what is known of an interface, script or file); new trackers start unknown.
     */
    TrackerSet carriedTo(List<TrackerSpec> newSpecs) {
        TrackerSet next = new TrackerSet(newSpecs);
        for (int i = 0; i < newSpecs.size(); i++) {
            int old = indexOf(newSpecs.get(i).name());
            if (old >= 0 && specs.get(old).kind() == newSpecs.get(i).kind()) {
                next.state[i] = state[old];
                next.fileValue[i] = fileValue[old];
            }
        }
        return next;
    }

    /** Records an interface or script state; false if no tracker has that name and kind. */
    boolean update(String name, boolean up) {
        int i = indexOf(name);
        if (i < 0 || specs.get(i).kind() == TrackerKind.FILE) {
            return false;
        }
        state[i] = up ? UP : DOWN;
        return true;
    }

    /** Records a track_file value; false if no file tracker has that name. */
    boolean update(String name, long value) {
        int i = indexOf(name);
        if (i < 0 || specs.get(i).kind() != TrackerKind.FILE) {
            return false;
        }
        fileValue[i] = Math.clamp(value, -1_000_000L, 1_000_000L);
        return true;
    }

    /** Sum of the weighted trackers' contributions to the priority. */
    int weightSum() {
        long sum = 0;
        for (int i = 0; i < specs.size(); i++) {
            TrackerSpec t = specs.get(i);
            if (t.weight() == 0) {
                continue;
            }
            if (t.kind() == TrackerKind.FILE) {
                long status = fileStatus(i);
                sum += status <= FILE_FAULT_STATUS ? 0 : Math.min(status, FILE_MAX_STATUS);
            } else if (state[i] != UNKNOWN) {
                sum += contribution(t.reverse() ? -t.weight() : t.weight(), (state[i] == UP) != t.reverse());
            }
        }
        return (int) Math.clamp(sum, -10_000, 10_000);
    }

    /** The name of a tracker that forces FAULT now, or null. */
    String faultingTracker() {
        for (int i = 0; i < specs.size(); i++) {
            TrackerSpec t = specs.get(i);
            boolean fault = switch (t.kind()) {
                case FILE -> t.weight() == 0 ? (fileValue[i] != 0) != t.reverse() : fileStatus(i) <= FILE_FAULT_STATUS;
                case INTERFACE, SCRIPT -> t.weight() == 0 && state[i] != UNKNOWN && (state[i] == UP) == t.reverse();
            };
            if (fault) {
                return t.name();
            }
        }
        return null;
    }

    /** True while an unweighted script has not reported its first result (vrrp.h {@code num_script_init}). */
    boolean initPending() {
        for (int i = 0; i < specs.size(); i++) {
            TrackerSpec t = specs.get(i);
            if (t.kind() == TrackerKind.SCRIPT && t.weight() == 0 && state[i] == UNKNOWN) {
                return true;
            }
        }
        return false;
    }

    /**
     * A positive weight is added while the tracker is OK, a negative one while it has failed; {@code reverse} has
     * already been applied by negating both the weight and the state.
     */
    private static int contribution(int weight, boolean ok) {
        if (weight > 0) {
            return ok ? weight : 0;
        }
        return ok ? 0 : weight;
    }

    private long fileStatus(int i) {
        TrackerSpec t = specs.get(i);
        return fileValue[i] * t.weight() * (t.reverse() ? -1 : 1);
    }

    private int indexOf(String name) {
        for (int i = 0; i < specs.size(); i++) {
            if (specs.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
