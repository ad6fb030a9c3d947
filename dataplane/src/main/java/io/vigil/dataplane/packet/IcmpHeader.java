package io.vigil.dataplane.packet;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Flyweight over an ICMP (RFC 792) or ICMPv6 (RFC 4443 §2.1) message in a {@link MemorySegment}, made for the
 * error messages that concern a forwarded connection:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   unused (v4: zero)           |  Next-Hop MTU (v4, RFC 1191)  |
 * |                     MTU (v6 Packet Too Big)                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  quoted packet: its IP header, then at least 8 octets of its  |
 * |  transport header (ports)                    ...              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>The quoted packet is the one that caused the error: it travelled the other way, so its source is the
 * connection's destination. Read it with {@link #quotedIpv4(Ipv4Header)} / {@link #quotedIpv6(Ipv6Header)} and
 * the ports with {@link #quotedSourcePort()}; after rewriting the quoted header (its Ipv4Header setters keep the
 * quoted header checksum) call {@link #recomputeChecksum()} (ICMP) or {@link #recomputeChecksum(long)} (ICMPv6,
 * with the pseudo-header sum). Extension headers in a quoted IPv6 packet are not walked. Accessors check no bounds
 * beyond the segment's own: check {@link #hasQuotedPorts()} before reading ports. Single-threaded,
 * allocation-free.
 */
public final class IcmpHeader {

    /** Header length up to the quoted packet (RFC 792, RFC 4443 §2.1). */
    public static final int HEADER_LENGTH = 8;
    /** Offset of Type. */
    public static final int TYPE_OFFSET = 0;
    /** Offset of Code. */
    public static final int CODE_OFFSET = 1;
    /** Offset of Checksum. */
    public static final int CHECKSUM_OFFSET = 2;
    /** Offset of the 32-bit word after the checksum (unused, Next-Hop MTU or MTU). */
    public static final int REST_OFFSET = 4;
    /** Offset of the v4 Next-Hop MTU (RFC 1191 §4). */
    public static final int NEXT_HOP_MTU_OFFSET = 6;
    /** Octets of the transport header an ICMPv4 error quotes at least (RFC 792: "64 bits of Data Datagram"). */
    public static final int QUOTED_TRANSPORT_LENGTH = 8;

    /** ICMPv4 Destination Unreachable, RFC 792. */
    public static final int V4_DEST_UNREACHABLE = 3;
    /** ICMPv4 Source Quench, RFC 792 (deprecated by RFC 6633, still an error). */
    public static final int V4_SOURCE_QUENCH = 4;
    /** ICMPv4 Redirect, RFC 792. */
    public static final int V4_REDIRECT = 5;
    /** ICMPv4 Time Exceeded, RFC 792. */
    public static final int V4_TIME_EXCEEDED = 11;
    /** ICMPv4 Parameter Problem, RFC 792. */
    public static final int V4_PARAMETER_PROBLEM = 12;
    /** Destination Unreachable code: port unreachable, RFC 792. */
    public static final int V4_CODE_PORT_UNREACHABLE = 3;
    /** Destination Unreachable code: fragmentation needed and DF set, RFC 792 / RFC 1191 §4. */
    public static final int V4_CODE_FRAGMENTATION_NEEDED = 4;
    /** ICMPv6 Destination Unreachable, RFC 4443 §3.1. */
    public static final int V6_DEST_UNREACHABLE = 1;
    /** ICMPv6 Packet Too Big, RFC 4443 §3.2. */
    public static final int V6_PACKET_TOO_BIG = 2;
    /** ICMPv6 Time Exceeded, RFC 4443 §3.3. */
    public static final int V6_TIME_EXCEEDED = 3;
    /** ICMPv6 Parameter Problem, RFC 4443 §3.4. */
    public static final int V6_PARAMETER_PROBLEM = 4;
    /** ICMPv6 Destination Unreachable code: port unreachable, RFC 4443 §3.1. */
    public static final int V6_CODE_PORT_UNREACHABLE = 4;
    /** ICMPv6 types below this are errors, RFC 4443 §2.1. */
    public static final int V6_FIRST_INFORMATIONAL = 128;

    private static final ValueLayout.OfShort U16 =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private MemorySegment segment = MemorySegment.NULL;
    private long offset;
    private int length;

    /** Points this flyweight at a message of {@code length} octets (header and quoted packet) at {@code offset}. */
    public IcmpHeader wrap(MemorySegment memory, long offset, int length) {
        this.segment = memory;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /** Offset of the first octet of the message in the wrapped memory. */
    public long offset() {
        return offset;
    }

    /** Octets of the message, as given to {@link #wrap}. */
    public int length() {
        return length;
    }

    /** Whether the wrapped octets hold the 8-octet header. */
    public boolean hasMinimumLength() {
        return length >= HEADER_LENGTH;
    }

    /** Type. */
    public int type() {
        return segment.get(ValueLayout.JAVA_BYTE, offset + TYPE_OFFSET) & 0xFF;
    }

    /** Code. */
    public int code() {
        return segment.get(ValueLayout.JAVA_BYTE, offset + CODE_OFFSET) & 0xFF;
    }

    /** Checksum. */
    public int checksum() {
        return Short.toUnsignedInt(segment.get(U16, offset + CHECKSUM_OFFSET));
    }

    /** The 32-bit word after the checksum. */
    public int restOfHeader() {
        return segment.get(U32, offset + REST_OFFSET);
    }

    /** Next-Hop MTU of an ICMPv4 fragmentation needed message (RFC 1191 §4); 0 from routers older than it. */
    public int nextHopMtu() {
        return Short.toUnsignedInt(segment.get(U16, offset + NEXT_HOP_MTU_OFFSET));
    }

    /** MTU of an ICMPv6 Packet Too Big message (RFC 4443 §3.2), unsigned 32 bits in a long. */
    public long mtu() {
        return Integer.toUnsignedLong(restOfHeader());
    }

    /** Whether Type is an ICMPv4 error that quotes a datagram (RFC 792; RFC 1122 §3.2.2). */
    public boolean isIpv4Error() {
        int type = type();
        return type == V4_DEST_UNREACHABLE || type == V4_SOURCE_QUENCH || type == V4_REDIRECT
                || type == V4_TIME_EXCEEDED || type == V4_PARAMETER_PROBLEM;
    }

    /** Whether Type is an ICMPv6 error message (RFC 4443 §2.1: types 0 to 127). */
    public boolean isIpv6Error() {
        return type() < V6_FIRST_INFORMATIONAL;
    }

    /** Where the quoted packet starts in the wrapped memory. */
    public long quotedOffset() {
        return offset + HEADER_LENGTH;
    }

    /** Octets of the quoted packet present. */
    public int quotedLength() {
        return length - HEADER_LENGTH;
    }

    /** IP version of the quoted packet, the high nibble of its first octet; -1 when nothing is quoted. */
    public int quotedIpVersion() {
        return quotedLength() > 0 ? (segment.get(ValueLayout.JAVA_BYTE, quotedOffset()) & 0xFF) >>> 4 : -1;
    }

    /** Wraps {@code header} over the quoted IPv4 packet and returns it. */
    public Ipv4Header quotedIpv4(Ipv4Header header) {
        return header.wrap(segment, quotedOffset(), Math.max(0, quotedLength()));
    }

    /** Wraps {@code header} over the quoted IPv6 packet and returns it. */
    public Ipv6Header quotedIpv6(Ipv6Header header) {
        return header.wrap(segment, quotedOffset(), Math.max(0, quotedLength()));
    }

    /**
     * Where the quoted transport header starts: after the quoted IPv4 header with its options, or after the fixed
     * IPv6 header; -1 when the quoted IP version is neither.
     */
    public long quotedTransportOffset() {
        return switch (quotedIpVersion()) {
            case Ipv4Header.VERSION -> quotedOffset() + (segment.get(ValueLayout.JAVA_BYTE, quotedOffset()) & 0x0F) * 4L;
            case Ipv6Header.VERSION -> quotedOffset() + Ipv6Header.LENGTH;
            default -> -1;
        };
    }

    /**
     * Whether a whole quoted IP header (IPv4 with IHL of at least 5 words, or IPv6) and the first 8 octets of its
     * transport header are present, so the quoted ports can be read and rewritten.
     */
    public boolean hasQuotedPorts() {
        if (!hasMinimumLength() || quotedLength() < Ipv4Header.MIN_LENGTH) {
            return false;
        }
        long transport = quotedTransportOffset();
        if (transport < 0 || transport - quotedOffset() < Ipv4Header.MIN_LENGTH) {
            return false;
        }
        return transport + QUOTED_TRANSPORT_LENGTH <= offset + length;
    }

    /** Source Port of the quoted TCP or UDP header. */
    public int quotedSourcePort() {
        return Short.toUnsignedInt(segment.get(U16, quotedTransportOffset()));
    }

    /** Destination Port of the quoted TCP or UDP header. */
    public int quotedDestinationPort() {
        return Short.toUnsignedInt(segment.get(U16, quotedTransportOffset() + 2));
    }

    /** Rewrites the quoted Source Port; the Checksum is then stale until a recompute. */
    public IcmpHeader quotedSourcePort(int port) {
        segment.set(U16, quotedTransportOffset(), (short) port);
        return this;
    }

    /** Rewrites the quoted Destination Port; the Checksum is then stale until a recompute. */
    public IcmpHeader quotedDestinationPort(int port) {
        segment.set(U16, quotedTransportOffset() + 2, (short) port);
        return this;
    }

    /** Writes Checksum as given. */
    public IcmpHeader checksum(int checksum) {
        segment.set(U16, offset + CHECKSUM_OFFSET, (short) checksum);
        return this;
    }

    /** Writes Type, Code and the 32-bit word after the checksum, with Checksum zero. */
    public IcmpHeader write(int type, int code, int restOfHeader) {
        segment.set(ValueLayout.JAVA_BYTE, offset + TYPE_OFFSET, (byte) type);
        segment.set(ValueLayout.JAVA_BYTE, offset + CODE_OFFSET, (byte) code);
        segment.set(U32, offset + REST_OFFSET, restOfHeader);
        return checksum(0);
    }

    /** Whether the ICMPv4 Checksum verifies over the wrapped message (RFC 792: no pseudo-header). */
    public boolean isChecksumValid() {
        return isChecksumValid(0);
    }

    /** Whether the ICMPv6 Checksum verifies, given the pseudo-header sum (RFC 4443 §2.3). */
    public boolean isChecksumValid(long pseudoHeaderSum) {
        return InternetChecksum.finish(InternetChecksum.accumulate(pseudoHeaderSum, segment, offset, length)) == 0;
    }

    /** Computes and writes the ICMPv4 Checksum over the wrapped message. */
    public IcmpHeader recomputeChecksum() {
        return recomputeChecksum(0);
    }

    /** Computes and writes the ICMPv6 Checksum over the pseudo-header sum and the wrapped message. */
    public IcmpHeader recomputeChecksum(long pseudoHeaderSum) {
        checksum(0);
        return checksum(InternetChecksum.finish(InternetChecksum.accumulate(pseudoHeaderSum, segment, offset, length)));
    }
}
