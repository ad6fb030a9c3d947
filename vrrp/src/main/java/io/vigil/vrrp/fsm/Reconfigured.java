package io.vigil.vrrp.fsm;

import java.util.Objects;

/**
 * A reload changed this instance's settings but not its identity (name, VRID, version, family): the new spec
 * replaces the old one and the state, timers, master seen and tracker states stay, as keepalived keeps a matched
 * instance's state across a reload (vrrp.c {@code clear_diff_vrrp}, {@code restore_vrrp_state}; keepalived.md
 * §1.12). What follows from the difference is returned as actions: a new effective priority, VIPs added (with
 * GARP) or removed while MASTER, an advert at once while MASTER, a FAULT entered or left as the trackers now say.
 *
 * @param spec the new settings; {@link VrrpInstance} refuses one with another identity
 */
public record Reconfigured(InstanceSpec spec) implements VrrpEvent {

    public Reconfigured {
        Objects.requireNonNull(spec, "spec");
    }
}
