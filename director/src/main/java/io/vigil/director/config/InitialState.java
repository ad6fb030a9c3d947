package io.vigil.director.config;

/**
 * A {@code vrrp_instance}'s {@code state} keyword: the state it starts in (keepalived.conf(5) "VRRP instance(s)";
 * vrrp_parser.c {@code vrrp_state_handler}). keepalived accepts only these two words; the running states (INIT,
 * FAULT, STOP) are the state machine's, not the configuration's. Immutable; thread-safe.
 */
public enum InitialState {
    /** Start as MASTER (and take priority 255 when none is set). */
    MASTER,
    /** Start as BACKUP, keepalived's default below priority 255. */
    BACKUP
}
