package io.vigil.vrrp.fsm;

/** Arm timer {@code kind} to fire at {@code atNanos} (same clock as {@code nowNanos}), replacing any pending one. */
public record ScheduleTimer(String instance, TimerKind kind, long atNanos) implements VrrpAction {
}
