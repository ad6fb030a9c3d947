package io.vigil.vrrp.fsm;

/**
 * An interface went up or down, or a {@code vrrp_script} changed between OK and failed (after rise/fall, see
 * {@link ScriptTracker}).
 *
 * @param tracker the {@link TrackerSpec#name()}
 * @param up      interface up / script OK
 */
public record TrackerChanged(String tracker, boolean up) implements VrrpEvent {
}
