package io.vigil.vrrp.fsm;

/** The effective priority changed because a tracker changed (keepalived.md §2.15). */
public record PriorityChanged(String instance, int from, int to) implements VrrpAction {
}
