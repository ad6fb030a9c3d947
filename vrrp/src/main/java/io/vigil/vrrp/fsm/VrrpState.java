package io.vigil.vrrp.fsm;

/** Instance states: RFC 5798 §6.4 plus keepalived's FAULT and STOP (vrrp.h L482-488). */
public enum VrrpState {
    /** Configured, not started (RFC 5798 §6.4.1). */
    INIT,
    /** Watching the master; takes over when the master-down timer expires (RFC 5798 §6.4.2). */
    BACKUP,
    /** Owns the virtual addresses and advertises (RFC 5798 §6.4.3). */
    MASTER,
    /** keepalived: a tracked interface or unweighted tracker failed; no adverts, no addresses (keepalived.md §2.11). */
    FAULT,
    /** Shut down; ignores every event (keepalived's STOP, used for {@code notify_stop}). */
    STOP;

    /**
     * keepalived's number for the state (vrrp.h {@code VRRP_STATE_*}: 0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT), as its
     * JSON dump and the keepalived exporter's {@code keepalived_vrrp_state} report it; STOP reads as INIT.
     */
    public int keepalivedCode() {
        return switch (this) {
            case INIT, STOP -> 0;
            case BACKUP -> 1;
            case MASTER -> 2;
            case FAULT -> 3;
        };
    }
}
