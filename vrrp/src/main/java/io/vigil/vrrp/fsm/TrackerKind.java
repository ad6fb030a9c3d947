package io.vigil.vrrp.fsm;

/** What a tracker watches (keepalived.md §1.4, §1.5, §1.7). */
public enum TrackerKind {
    /** {@code track_interface}: up or down. */
    INTERFACE,
    /** {@code track_script}: the script's rise/fall-filtered OK or failed state (see {@link ScriptTracker}). */
    SCRIPT,
    /** {@code track_file}: the integer in the file. */
    FILE
}
