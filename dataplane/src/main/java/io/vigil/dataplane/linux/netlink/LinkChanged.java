package io.vigil.dataplane.linux.netlink;

import java.util.Objects;

/**
 * RTM_NEWLINK: a link appeared or changed (flags, carrier, MTU, name, address). The kernel also sends it when
 * nothing a listener cares about changed, so compare with what you knew.
 *
 * @param link the link as it is now
 */
public record LinkChanged(Link link) implements RtnetlinkEvent {

    public LinkChanged {
        Objects.requireNonNull(link, "link");
    }

    /** Whether the link is now usable ({@link Link#up()}). */
    public boolean up() {
        return link.up();
    }
}
