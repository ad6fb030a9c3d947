package io.vigil.vrrp.fsm;

/** The instance moved from {@code from} to {@code to}; {@code reason} says why, for the log and status. */
public record LogTransition(String instance, VrrpState from, VrrpState to, String reason) implements VrrpAction {
}
