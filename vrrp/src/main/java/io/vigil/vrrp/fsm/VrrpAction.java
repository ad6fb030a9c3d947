package io.vigil.vrrp.fsm;

/**
 * Output of the state machine: what the event loop must do, in list order. Immutable. Every action names the
 * instance it belongs to, since a {@link SyncGroup} returns actions for several.
 */
public sealed interface VrrpAction permits SendAdvert, AddVips, RemoveVips, SendGratuitous, ScheduleTimer,
        CancelTimer, RunNotify, LogTransition, PriorityChanged, MasterRxLowerPriority {

    /** The instance this action is for. */
    String instance();
}
