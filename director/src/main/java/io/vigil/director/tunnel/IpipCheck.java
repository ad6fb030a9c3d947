package io.vigil.director.tunnel;

import java.util.Locale;

/**
 * The verdict on one received IPIP packet (RFC 2003 §3.1), in the order {@link IpipDecapsulator} checks: the outer
 * IPv4 header, the inner IPv4 header (RFC 791 §3.1), the inner destination, then the delivery. Every value except
 * {@link #DELIVERED} is a drop reason.
 */
public enum IpipCheck {
    /** Decapsulated and written to the TUN device. */
    DELIVERED,
    /** Fewer bytes than an outer IPv4 header (20), or than the outer Total Length says. */
    TRUNCATED_OUTER,
    /** Outer Version is not 4 or outer IHL is below 5 or beyond the packet. */
    BAD_OUTER_HEADER,
    /** Outer Protocol is not 4 (IP in IP). */
    NOT_IPIP,
    /** Fewer bytes after the outer header than the inner header or the inner Total Length needs. */
    TRUNCATED_INNER,
    /** Inner Version is not 4 (an IPv6 inner packet travels as protocol 41, not 4). */
    BAD_INNER_VERSION,
    /** Inner IHL below 5, or inner Total Length smaller than the inner header. */
    BAD_INNER_HEADER,
    /** The inner header checksum does not verify (RFC 791 "Header Checksum"). */
    BAD_INNER_CHECKSUM,
    /** The inner destination is none of the endpoint's VIPs. */
    NOT_A_VIP,
    /** The TUN device refused the packet (queue full or write error). */
    TUN_WRITE_FAILED;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The name in logs: {@code not_a_vip}. */
    public String label() {
        return label;
    }
}
