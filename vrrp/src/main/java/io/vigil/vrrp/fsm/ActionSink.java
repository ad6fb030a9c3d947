package io.vigil.vrrp.fsm;

/**
 * Where a state machine puts its actions, in order. Timers have their own verbs so that an event loop can arm and
 * cancel them without an action object per advert; by default they become {@link ScheduleTimer} and
 * {@link CancelTimer} actions (what {@link VrrpInstance#onEvent(long, VrrpEvent)} returns).
 *
 * <p>Threading: called on the thread that steps the state machine.
 */
public interface ActionSink {

    /** Do {@code action} (after the ones before it). */
    void act(VrrpAction action);

    /** Arm timer {@code kind} of {@code instance} at {@code atNanos}, replacing any pending one. */
    default void schedule(String instance, TimerKind kind, long atNanos) {
        act(new ScheduleTimer(instance, kind, atNanos));
    }

    /** Cancel timer {@code kind} of {@code instance}. */
    default void cancel(String instance, TimerKind kind) {
        act(new CancelTimer(instance, kind));
    }
}
