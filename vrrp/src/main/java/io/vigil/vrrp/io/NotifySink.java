package io.vigil.vrrp.io;

import io.vigil.vrrp.fsm.VrrpState;

/**
 * Receives instance state changes for keepalived's notify scripts ({@code notify_master}, {@code notify_backup},
 * {@code notify_fault}, {@code notify_stop}, {@code notify}). Called on the VRRP loop thread; implementations
 * must hand the work off (scripts never run on the loop).
 */
@FunctionalInterface
public interface NotifySink {

    /** {@code instance} entered {@code state} with effective priority {@code priority}. */
    void stateChanged(String instance, VrrpState state, int priority);
}
