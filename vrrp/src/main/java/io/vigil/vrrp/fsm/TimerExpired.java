package io.vigil.vrrp.fsm;

/**
 * A timer scheduled with {@link ScheduleTimer} fired. An expiry that was cancelled or rescheduled meanwhile (a race
 * in the event loop) is recognised and ignored by the instance.
 */
public record TimerExpired(TimerKind kind) implements VrrpEvent {
}
