package io.vigil.dataplane.linux.netlink;

import java.util.Objects;

/**
 * RTM_DELADDR: an address was removed from an interface.
 *
 * @param address the address as it was
 */
public record AddressRemoved(IfAddress address) implements RtnetlinkEvent {

    public AddressRemoved {
        Objects.requireNonNull(address, "address");
    }
}
