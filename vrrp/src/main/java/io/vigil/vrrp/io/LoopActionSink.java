package io.vigil.vrrp.io;

import io.vigil.vrrp.fsm.ActionSink;
import io.vigil.vrrp.fsm.TimerKind;
import io.vigil.vrrp.fsm.VrrpAction;
import java.util.List;

/**
 * Where the VRRP loop has a state machine step put its actions: timers are armed on the {@link InstanceTimers} at
 * once (no action object), every other action is queued, in order, to be carried out after the step.
 *
 * <p>Threading: the VRRP loop thread only.
 */
final class LoopActionSink implements ActionSink {

    private final InstanceTimers timers;
    private final List<VrrpAction> queue;

    LoopActionSink(InstanceTimers timers, List<VrrpAction> queue) {
        this.timers = timers;
        this.queue = queue;
    }

    @Override
    public void act(VrrpAction action) {
        queue.add(action);
    }

    @Override
    public void schedule(String instance, TimerKind kind, long atNanos) {
        timers.schedule(instance, kind, atNanos);
    }

    @Override
    public void cancel(String instance, TimerKind kind) {
        timers.cancel(instance, kind);
    }
}
