package io.vigil.vrrp.fsm;

/**
 * Rise/fall filtering of one {@code vrrp_script}'s exit codes, as keepalived counts them (vrrp_scheduler.c
 * {@code vrrp_script_child_thread}, {@code vrrp_init_script}; keepalived.md §1.4).
 *
 * <p>A counter runs from 0 to {@code rise + fall − 1}; the script is OK at {@code rise} or above. It starts at
 * {@code rise − 1} in an unknown state, so the first result decides either way; with {@code init_fail} it starts
 * at 0, failed. After that, {@code rise} consecutive successes make a failed script OK and {@code fall}
 * consecutive failures make an OK script fail. When {@link #onResult} returns true, deliver
 * {@code new TrackerChanged(name, ok())} to every instance tracking the script.
 *
 * <p>Not thread-safe: owned by whichever thread collects the script's results.
 */
public final class ScriptTracker {

    private final int rise;
    private final int fall;
    private int result;
    private boolean known;

    /**
     * @param rise     {@code rise}, at least 1 (keepalived default 1)
     * @param fall     {@code fall}, at least 1 (keepalived default 1)
     * @param initFail {@code init_fail}: start in the failed state instead of unknown
     */
    public ScriptTracker(int rise, int fall, boolean initFail) {
        if (rise < 1 || fall < 1) {
            throw new IllegalArgumentException("rise " + rise + " and fall " + fall + " must be at least 1");
        }
        this.rise = rise;
        this.fall = fall;
        this.result = initFail ? 0 : rise - 1;
        this.known = initFail;
    }

    /** Records one run: {@code success} is exit status 0. Returns true if {@link #ok()} changed (or became known). */
    public boolean onResult(boolean success) {
        boolean changed = false;
        if (success) {
            if (result < rise - 1) {
                result++;
            } else if (result != rise + fall - 1) {
                changed = result < rise || !known;
                result = rise + fall - 1;
            } else {
                changed = !known;
            }
        } else {
            if (result > rise) {
                result--;
            } else {
                changed = result == rise || !known;
                result = 0;
            }
        }
        known = true;
        return changed;
    }

    /** True if the script counts as OK: known and at least {@code rise} successes since it last failed. */
    public boolean ok() {
        return known && result >= rise;
    }

    /** False until the first result (unless {@code init_fail}): an unweighted tracker holds the instance meanwhile. */
    public boolean known() {
        return known;
    }
}
