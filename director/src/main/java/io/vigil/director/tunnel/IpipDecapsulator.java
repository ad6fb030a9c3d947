package io.vigil.director.tunnel;

import io.vigil.dataplane.packet.IpProtocol;
import io.vigil.dataplane.packet.Ipv4Header;
import java.lang.foreign.MemorySegment;
import org.agrona.collections.IntHashSet;

/**
 * Checks one IPIP packet as a raw IPv4 socket delivers it (outer header first) and finds the inner packet:
 * <pre>
 * +--------------------------+----------------------------+---------------------+
 * | outer IPv4 header        | inner IPv4 header          | inner payload       |
 * | proto 4, dst = this host | dst = a VIP, src = client  | TCP, UDP, ...       |
 * +--------------------------+----------------------------+---------------------+
 *  0                          outer IHL * 4
 * </pre>
 * Both headers are read through {@link Ipv4Header} (RFC 791 §3.1). The outer header is the encapsulator's (RFC 2003 §3.1); the inner one is the
 * client's packet as the director received it. Never throws on bad input: it returns the reason.
 *
 * <p>Thread safety: one thread (the endpoint's packet thread) per instance; {@link #check} allocates nothing.
 */
public final class IpipDecapsulator {

    private final IntHashSet vips;
    private final Ipv4Header outer = new Ipv4Header();
    private final Ipv4Header inner = new Ipv4Header();
    private int innerOffset;
    private int innerLength;

    /** @param vips the VIPs as host-order bits (a.b.c.d is {@code a << 24 | ...}) */
    public IpipDecapsulator(int... vips) {
        this.vips = new IntHashSet(Math.max(8, vips.length * 2));
        for (int vip : vips) {
            this.vips.add(vip);
        }
    }

    /**
     * Checks the first {@code length} bytes of {@code packet}. Returns {@link IpipCheck#DELIVERED} when the packet
     * is a well-formed IPIP packet whose inner packet is addressed to a VIP (then {@link #innerOffset()} and
     * {@link #innerLength()} locate it), or the reason to drop it.
     */
    public IpipCheck check(MemorySegment packet, int length) {
        if (length < Ipv4Header.MIN_LENGTH) {
            return IpipCheck.TRUNCATED_OUTER;
        }
        Ipv4Header o = outer.wrap(packet, 0, length);
        int outerHeader = o.headerLength();
        if (o.version() != Ipv4Header.VERSION || outerHeader < Ipv4Header.MIN_LENGTH || outerHeader > length) {
            return IpipCheck.BAD_OUTER_HEADER;
        }
        int outerTotal = o.totalLength();
        if (outerTotal > length) {
            return IpipCheck.TRUNCATED_OUTER;
        }
        if (o.protocol() != IpProtocol.IPIP) {
            return IpipCheck.NOT_IPIP;
        }
        // A Total Length below the header (only a broken sender) leaves no inner bytes: TRUNCATED_INNER below.
        int available = Math.max(0, Math.min(outerTotal, length) - outerHeader);
        if (available < Ipv4Header.MIN_LENGTH) {
            return IpipCheck.TRUNCATED_INNER;
        }
        Ipv4Header i = inner.wrap(packet, outerHeader, available);
        if (i.version() != Ipv4Header.VERSION) {
            return IpipCheck.BAD_INNER_VERSION;
        }
        int innerHeader = i.headerLength();
        if (innerHeader < Ipv4Header.MIN_LENGTH) {
            return IpipCheck.BAD_INNER_HEADER;
        }
        int innerTotal = i.totalLength();
        if (innerHeader > available || innerTotal > available) {
            return IpipCheck.TRUNCATED_INNER;
        }
        if (innerTotal < innerHeader) {
            return IpipCheck.BAD_INNER_HEADER;
        }
        if (!i.isHeaderChecksumValid()) {
            return IpipCheck.BAD_INNER_CHECKSUM;
        }
        if (!vips.contains(i.destinationAddress())) {
            return IpipCheck.NOT_A_VIP;
        }
        innerOffset = outerHeader;
        innerLength = innerTotal;
        return IpipCheck.DELIVERED;
    }

    /** Where the inner packet starts, after a {@link IpipCheck#DELIVERED} check. */
    public int innerOffset() {
        return innerOffset;
    }

    /** The inner packet's Total Length, after a {@link IpipCheck#DELIVERED} check. */
    public int innerLength() {
        return innerLength;
    }
}
