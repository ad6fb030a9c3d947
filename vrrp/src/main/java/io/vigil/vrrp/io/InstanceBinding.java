package io.vigil.vrrp.io;

import io.vigil.vrrp.fsm.InstanceSpec;
import io.vigil.vrrp.wire.AdvertProfile;
import java.util.List;
import java.util.Objects;

/**
 * One {@code vrrp_instance} bound to the machine: its state-machine spec, its wire profile, the interface it
 * speaks on and the virtual addresses it owns. The director builds these from keepalived.conf.
 *
 * @param spec                   the state machine's configuration; {@code spec.primaryAddress()} is the advert
 *                               source at startup (the unspecified address when the interface has none yet)
 * @param interfaceName          the {@code interface} adverts are sent and received on
 * @param profile                what adverts look like (VRID, version, auth, VIP list, unicast peers)
 * @param vips                   {@code virtual_ipaddress} entries with their devices (plus {@code _excluded} ones)
 * @param syncGroup              the {@code vrrp_sync_group} it belongs to, or null
 * @param sourceFollowsInterface true when no {@code mcast_src_ip}/{@code unicast_src_ip} is set: the source is the
 *                               interface's primary IPv4 or link-local IPv6 address, whichever it is at the time
 */
public record InstanceBinding(InstanceSpec spec, String interfaceName, AdvertProfile profile, List<Vip> vips,
                              String syncGroup, boolean sourceFollowsInterface) {

    public InstanceBinding {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(profile, "profile");
        vips = List.copyOf(vips);
        if (profile.virtualRouterId() != spec.virtualRouterId() || profile.version() != spec.version()) {
            throw new IllegalArgumentException(spec.name() + ": wire profile (VRID " + profile.virtualRouterId()
                    + ", v" + profile.version() + ") disagrees with the instance (VRID " + spec.virtualRouterId()
                    + ", v" + spec.version() + ")");
        }
    }

    /** A binding whose source is fixed to {@code spec.primaryAddress()}. */
    public InstanceBinding(InstanceSpec spec, String interfaceName, AdvertProfile profile, List<Vip> vips,
                           String syncGroup) {
        this(spec, interfaceName, profile, vips, syncGroup, false);
    }

    /** This binding with another spec (same instance). */
    public InstanceBinding withSpec(InstanceSpec newSpec) {
        return new InstanceBinding(newSpec, interfaceName, profile, vips, syncGroup, sourceFollowsInterface);
    }

    /** The instance name. */
    public String name() {
        return spec.name();
    }
}
