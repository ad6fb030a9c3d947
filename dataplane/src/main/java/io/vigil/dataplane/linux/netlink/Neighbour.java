package io.vigil.dataplane.linux.netlink;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * A neighbour-table entry (ARP or NDP) as RTM_NEWNEIGH describes it.
 *
 * @param index       ndm_ifindex
 * @param address     NDA_DST
 * @param linkAddress NDA_LLADDR, absent while INCOMPLETE or FAILED
 * @param state       ndm_state (NUD_* bits from linux/neighbour.h)
 */
public record Neighbour(int index, InetAddress address, Optional<LinkLayerAddress> linkAddress, int state) {

    private static final int USABLE = NetlinkConstants.NUD_REACHABLE | NetlinkConstants.NUD_STALE
            | NetlinkConstants.NUD_DELAY | NetlinkConstants.NUD_PROBE | NetlinkConstants.NUD_PERMANENT
            | NetlinkConstants.NUD_NOARP;

    public Neighbour {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(linkAddress, "linkAddress");
    }

    /** Has a link-layer address a frame can be sent to (NUD_VALID in the kernel's terms). */
    public boolean usable() {
        return (state & USABLE) != 0 && linkAddress.isPresent();
    }

    /** {@code ip neigh}'s names for the state bits, e.g. {@code REACHABLE} or {@code STALE}. */
    public String stateName() {
        StringBuilder s = new StringBuilder();
        String[] names = {"INCOMPLETE", "REACHABLE", "STALE", "DELAY", "PROBE", "FAILED", "NOARP", "PERMANENT"};
        for (int bit = 0; bit < names.length; bit++) {
            if ((state & (1 << bit)) != 0) {
                s.append(s.isEmpty() ? "" : ",").append(names[bit]);
            }
        }
        return s.isEmpty() ? "NONE" : s.toString();
    }
}
