package io.vigil.healthcheck.script;

/**
 * Where a script run is, in keepalived's terms (vrrp_track.h {@code SCRIPT_STATE_*}, named as vrrp_data.c prints
 * them): idle, running, and the two steps of ending one that outlived its timeout. The order is keepalived's
 * numbering, which {@code keepalived_script_state} reports.
 */
public enum ScriptState {
    /** No run in progress ({@code idle}). */
    IDLE,
    /** A run is in progress ({@code running}). */
    RUNNING,
    /** The run outlived its timeout and got SIGTERM; waiting for it to exit ({@code requested termination}). */
    REQUESTED_TERMINATION,
    /** Still alive 2 s after SIGTERM: SIGKILL sent, waiting for it to go ({@code forcing termination}). */
    FORCING_TERMINATION;

    /** keepalived's number for the state, 0..3. */
    public int keepalivedCode() {
        return ordinal();
    }
}
