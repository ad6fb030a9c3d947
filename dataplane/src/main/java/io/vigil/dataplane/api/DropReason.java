package io.vigil.dataplane.api;

import java.util.Locale;

/** Why the dataplane dropped a packet it owned; each is a label value of {@code vigil_dataplane_drops_total}. */
public enum DropReason {
    /** Shorter than its headers say. */
    TRUNCATED,
    /** IPv4 IHL below 5 or past the packet, or an IP version that is not 4 or 6. */
    BAD_HEADER,
    /** IPv4 header with options (IHL above 5). */
    IP_OPTIONS,
    /** IPv4 header checksum wrong. */
    BAD_CHECKSUM,
    /** An IP fragment (IPVS schedules only whole datagrams). */
    FRAGMENT,
    /** A protocol no service of that VIP serves. */
    UNKNOWN_PROTOCOL,
    /** TTL or hop limit would reach zero. */
    TTL_EXCEEDED,
    /** A new flow, but no destination is available (none, all weight 0, all over threshold). */
    NO_DESTINATION,
    /** A mid-flow packet (not a SYN) with no connection entry. */
    NO_CONNECTION,
    /** A connection whose destination was removed ({@code expire_nodest_conn=0}). */
    DESTINATION_REMOVED,
    /** The connection table is full: new flows are refused. */
    TABLE_FULL,
    /**
     * Not a packet: a half-open TCP connection removed from a full table to make room for a new flow (IPVS's
     * {@code drop_entry} defence against SYN floods); its next packet, if any, counts as {@link #NO_CONNECTION}.
     */
    EVICTED,
    /** No route to the destination. */
    NO_ROUTE,
    /** The next hop's MAC is not known yet (ARP or NDP is under way). */
    NEIGHBOUR_UNRESOLVED,
    /** Too big for the outgoing MTU (after encapsulation); an ICMP error went back to the client. */
    TOO_BIG,
    /** The transmit ring or socket was full. */
    TX_FULL,
    /** A malformed TCP, UDP or ICMP header. */
    BAD_TRANSPORT,
    /**
     * A received frame of a flow another worker owns, whose handoff ring to that worker was full (AF_XDP with several
     * workers: the worker that reads a queue hands the frames of other workers' flows to them).
     */
    HANDOFF_FULL;

    /** The metric label value: {@code bad_checksum}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
