package io.vigil.vrrp.fsm;

/** The timers an instance asks its event loop to run; at most one of each kind is pending per instance. */
public enum TimerKind {
    /** MASTER: send the next advert, every Advertisement_Interval (RFC 5798 §6.4.3). */
    ADVERT,
    /** BACKUP: Master_Down_Timer, or Skew_Time after a priority-0 advert (RFC 5798 §6.4.2). */
    MASTER_DOWN,
    /** MASTER: the second GARP/NA burst, {@code garp_master_delay} after becoming master (keepalived.md §2.5). */
    GARP_DELAYED,
    /** MASTER: periodic GARP/NA every {@code garp_master_refresh} (keepalived.md §2.5). */
    GARP_REFRESH,
    /** MASTER: the delayed burst after a lower-priority advert, {@code garp_lower_prio_delay} (keepalived.md §2.7). */
    GARP_LOWER_PRIORITY
}
