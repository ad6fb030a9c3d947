package io.vigil.director.tunnel;

import io.vigil.dataplane.packet.InternetChecksum;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
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
 * IPv4 header fields (RFC 791 §3.1): Version and IHL in octet 0, Total Length at 2, Protocol at 9, Header Checksum
 * at 10, Destination Address at 16. The outer header is the encapsulator's (RFC 2003 §3.1); the inner one is the
 * client's packet as the director received it. Never throws on bad input: it returns the reason.
 *
 * <p>Thread safety: one thread (the endpoint's packet thread) per instance; {@link #check} allocates nothing.
 */
public final class IpipDecapsulator {

    /** Smallest IPv4 header, IHL 5 (RFC 791 §3.1). */
    static final int MIN_HEADER = 20;
    /** Total Length, RFC 791 §3.1. */
    static final int TOTAL_LENGTH = 2;
    /** Protocol, RFC 791 §3.1. */
    static final int PROTOCOL = 9;
    /** Destination Address, RFC 791 §3.1. */
    static final int DESTINATION = 16;
    /** IP in IP, RFC 2003 §3.1 "Protocol 4". */
    static final int PROTOCOL_IPIP = 4;

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final IntHashSet vips;
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
        if (length < MIN_HEADER) {
            return IpipCheck.TRUNCATED_OUTER;
        }
        int outerFirst = packet.get(ValueLayout.JAVA_BYTE, 0) & 0xff;
        int outerHeader = (outerFirst & 0x0f) * 4;
        if (outerFirst >>> 4 != 4 || outerHeader < MIN_HEADER || outerHeader > length) {
            return IpipCheck.BAD_OUTER_HEADER;
        }
        int outerTotal = Short.toUnsignedInt(packet.get(U16, TOTAL_LENGTH));
        if (outerTotal > length) {
            return IpipCheck.TRUNCATED_OUTER;
        }
        if ((packet.get(ValueLayout.JAVA_BYTE, PROTOCOL) & 0xff) != PROTOCOL_IPIP) {
            return IpipCheck.NOT_IPIP;
        }
        // A Total Length below the header (only a broken sender) leaves no inner bytes: TRUNCATED_INNER below.
        int available = Math.max(0, Math.min(outerTotal, length) - outerHeader);
        if (available < MIN_HEADER) {
            return IpipCheck.TRUNCATED_INNER;
        }
        int innerFirst = packet.get(ValueLayout.JAVA_BYTE, outerHeader) & 0xff;
        if (innerFirst >>> 4 != 4) {
            return IpipCheck.BAD_INNER_VERSION;
        }
        int innerHeader = (innerFirst & 0x0f) * 4;
        if (innerHeader < MIN_HEADER) {
            return IpipCheck.BAD_INNER_HEADER;
        }
        int innerTotal = Short.toUnsignedInt(packet.get(U16, outerHeader + TOTAL_LENGTH));
        if (innerHeader > available || innerTotal > available) {
            return IpipCheck.TRUNCATED_INNER;
        }
        if (innerTotal < innerHeader) {
            return IpipCheck.BAD_INNER_HEADER;
        }
        if (InternetChecksum.compute(packet, outerHeader, innerHeader) != 0) {
            return IpipCheck.BAD_INNER_CHECKSUM;
        }
        if (!vips.contains(packet.get(U32, outerHeader + DESTINATION))) {
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
