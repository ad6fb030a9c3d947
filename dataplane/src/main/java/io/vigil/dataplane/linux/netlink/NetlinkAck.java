package io.vigil.dataplane.linux.netlink;

import java.util.Objects;
import java.util.Optional;

/**
 * An NLMSG_ERROR reply: success (errno 0) or a failure, with the kernel's extended-ack text when it sent one
 * (NLMSGERR_ATTR_MSG, e.g. "Invalid prefix for given prefix length").
 *
 * @param errno         0 for an ack, else the positive errno
 * @param kernelMessage NLMSGERR_ATTR_MSG
 */
public record NetlinkAck(int errno, Optional<String> kernelMessage) {

    public NetlinkAck {
        Objects.requireNonNull(kernelMessage, "kernelMessage");
    }

    /** True for a positive acknowledgement. */
    public boolean ok() {
        return errno == 0;
    }
}
