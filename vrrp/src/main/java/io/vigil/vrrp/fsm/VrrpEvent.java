package io.vigil.vrrp.fsm;

/**
 * Input to {@link VrrpInstance#onEvent} and {@link SyncGroup#onEvent}: everything that can happen to an instance.
 * Immutable; built by the event loop from received packets, timer expiries and tracker changes.
 */
public sealed interface VrrpEvent
        permits Startup, AdvertReceived, TimerExpired, TrackerChanged, TrackedFileChanged, SourceAddressChanged,
        Shutdown, Reconfigured {
}
