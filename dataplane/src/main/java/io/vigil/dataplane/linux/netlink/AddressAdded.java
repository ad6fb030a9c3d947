package io.vigil.dataplane.linux.netlink;

import java.util.Objects;

/**
 * RTM_NEWADDR: an address was added to an interface (or its flags changed, e.g. IPv6 DAD finished).
 *
 * @param address the address
 */
public record AddressAdded(IfAddress address) implements RtnetlinkEvent {

    public AddressAdded {
        Objects.requireNonNull(address, "address");
    }
}
