package io.vigil.dataplane.linux.netlink;

import static io.vigil.dataplane.linux.netlink.NetlinkConstants.IFF_LOWER_UP;
import static io.vigil.dataplane.linux.netlink.NetlinkConstants.IFF_UP;

import java.util.Objects;
import java.util.Optional;

/**
 * A network interface as RTM_NEWLINK describes it.
 *
 * @param index     ifi_index
 * @param name      IFLA_IFNAME
 * @param address   IFLA_ADDRESS, absent for links without one (e.g. tun)
 * @param mtu       IFLA_MTU
 * @param flags     ifi_flags (IFF_* from linux/if.h)
 * @param operState IFLA_OPERSTATE
 * @param rxQueues  IFLA_NUM_RX_QUEUES, 1 when the kernel does not say
 */
public record Link(int index, String name, Optional<LinkLayerAddress> address, int mtu, int flags, OperState operState,
                   int rxQueues) {

    public Link {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(operState, "operState");
    }

    /** A link with one receive queue. */
    public Link(int index, String name, Optional<LinkLayerAddress> address, int mtu, int flags, OperState operState) {
        this(index, name, address, mtu, flags, operState, 1);
    }

    /** IFF_UP: administratively up ({@code ip link set X up}). */
    public boolean adminUp() {
        return (flags & IFF_UP) != 0;
    }

    /** IFF_LOWER_UP: the driver reports carrier (a veth whose peer is up). */
    public boolean lowerUp() {
        return (flags & IFF_LOWER_UP) != 0;
    }

    /**
     * Usable for traffic: administratively up, with carrier, and an operational state of UP or UNKNOWN (loopback
     * and some virtual drivers never report UP).
     */
    public boolean up() {
        return adminUp() && lowerUp() && (operState == OperState.UP || operState == OperState.UNKNOWN);
    }
}
