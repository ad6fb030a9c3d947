package io.vigil.dataplane.linux.netlink;

import java.util.Objects;

/**
 * Announcements were lost (the socket overran: ENOBUFS), so a listener's view may be stale: list links and
 * addresses again.
 *
 * @param reason what happened, e.g. {@code "recvfrom: ENOBUFS (105: No buffer space available)"}
 */
public record ResyncNeeded(String reason) implements RtnetlinkEvent {

    public ResyncNeeded {
        Objects.requireNonNull(reason, "reason");
    }
}
