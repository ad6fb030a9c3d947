package io.vigil.vrrp.fsm;

/**
 * Run the notify scripts for entering {@code state}: {@code notify_master/backup/fault/stop}, then {@code notify}
 * with keepalived's arguments {@code INSTANCE name state priority} (keepalived.md §1.7).
 */
public record RunNotify(String instance, VrrpState state, int priority) implements VrrpAction {
}
