package io.vigil.vrrp.fsm;

/** Disarm timer {@code kind}. */
public record CancelTimer(String instance, TimerKind kind) implements VrrpAction {
}
