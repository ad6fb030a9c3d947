package io.vigil.dataplane.linux.netlink;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * The kernel's answer to RTM_GETROUTE for one destination: where a packet to it would leave.
 *
 * @param destination     the address looked up (RTA_DST)
 * @param outputIndex     RTA_OIF, the output interface
 * @param gateway         RTA_GATEWAY, the next hop when it is not on-link
 * @param preferredSource RTA_PREFSRC, the source address the kernel would pick
 * @param type            rtm_type (RTN_UNICAST 1, RTN_LOCAL 2, ...)
 */
public record Route(InetAddress destination, int outputIndex, Optional<InetAddress> gateway,
                    Optional<InetAddress> preferredSource, int type) {

    public Route {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(preferredSource, "preferredSource");
    }

    /** RTN_LOCAL: the destination is one of this namespace's own addresses. */
    public boolean local() {
        return type == NetlinkConstants.RTN_LOCAL;
    }

    /** The address to resolve on the output link: the gateway, or the destination itself when on-link. */
    public InetAddress nextHop() {
        return gateway.orElse(destination);
    }
}
