package io.vigil.dataplane.linux.netlink;

import java.util.Objects;

/**
 * RTM_DELLINK: a link was deleted (or moved to another namespace).
 *
 * @param link the link as it was
 */
public record LinkRemoved(Link link) implements RtnetlinkEvent {

    public LinkRemoved {
        Objects.requireNonNull(link, "link");
    }
}
