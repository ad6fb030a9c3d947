package io.vigil.director.settings;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * {@code vigil.announce}: which VIPs this director announces to BIRD for active-active operation (BGP + ECMP), on
 * which interface their traffic then arrives, how the announcement devices are named, and how long a stopping daemon
 * keeps forwarding after withdrawing. Immutable.
 *
 * @param vips          the VIPs to announce (each while its virtual servers hold quorum); empty: none
 * @param interfaceName the interface the routers send the announced VIPs' traffic to ({@code vigil.announce.interface})
 * @param devicePrefix  the TUN devices' name prefix ({@code vigil.announce.device-prefix}), BIRD's interface pattern
 * @param drainDelay    on {@code vigil run} shutdown, how long forwarding goes on after the withdrawal
 */
public record AnnounceSettings(List<InetAddress> vips, String interfaceName, String devicePrefix, Duration drainDelay) {

    /** Announcing nothing. */
    public static final AnnounceSettings NONE = new AnnounceSettings(List.of(), "", "vip", Duration.ofSeconds(2));

    public AnnounceSettings {
        vips = List.copyOf(vips);
    }

    /** Whether any VIP is announced. */
    public boolean enabled() {
        return !vips.isEmpty();
    }
}
