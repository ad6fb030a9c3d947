package io.vigil.dataplane.packet;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Flyweight over the fixed IPv6 header (RFC 8200 §3) in a {@link MemorySegment}:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Traffic Class |           Flow Label                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Payload Length        |  Next Header  |   Hop Limit   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                         Source Address                        +
 * |                         (128 bits)                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                      Destination Address                      +
 * |                         (128 bits)                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Addresses are two longs, the high and low 64 bits in network order, as
 * {@link io.vigil.dataplane.forward.AddressWords} keeps them. Extension headers are not walked: {@link #nextHeader()}
 * is the raw field and {@link #payloadOffset()} is right only when it names the transport. Accessors check no
 * bounds beyond the segment's own: check {@link #hasMinimumLength()} and {@link #isPayloadLengthValid()} first.
 * Wrap once and re-point it with {@link #wrap}; single-threaded, allocation-free.
 */
public final class Ipv6Header {

    /** Version number of IPv6 (RFC 8200 §3). */
    public static final int VERSION = 6;
    /** Length of the fixed header (RFC 8200 §3). */
    public static final int LENGTH = 40;
    /** The minimum link MTU every IPv6 link carries (RFC 8200 §5). */
    public static final int MINIMUM_MTU = 1280;
    /** Offset of the word of Version (4 bits), Traffic Class (8 bits) and Flow Label (20 bits). */
    public static final int VERSION_CLASS_FLOW_OFFSET = 0;
    /** Offset of Payload Length. */
    public static final int PAYLOAD_LENGTH_OFFSET = 4;
    /** Offset of Next Header. */
    public static final int NEXT_HEADER_OFFSET = 6;
    /** Offset of Hop Limit. */
    public static final int HOP_LIMIT_OFFSET = 7;
    /** Offset of Source Address. */
    public static final int SOURCE_OFFSET = 8;
    /** Offset of Destination Address. */
    public static final int DESTINATION_OFFSET = 24;
    /** The 20 bits of Flow Label. */
    public static final int FLOW_LABEL_MASK = 0xF_FFFF;

    private static final ValueLayout.OfShort U16 =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private MemorySegment segment = MemorySegment.NULL;
    private long offset;
    private int length;

    /** Points this flyweight at a packet of {@code length} octets starting at {@code offset} of {@code memory}. */
    public Ipv6Header wrap(MemorySegment memory, long offset, int length) {
        this.segment = memory;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /** The wrapped memory. */
    public MemorySegment segment() {
        return segment;
    }

    /** Offset of the first octet of the header in {@link #segment()}. */
    public long offset() {
        return offset;
    }

    /** Octets available to the packet, as given to {@link #wrap}. */
    public int length() {
        return length;
    }

    /** Whether the wrapped octets hold the fixed header and Version is 6. */
    public boolean hasMinimumLength() {
        return length >= LENGTH && version() == VERSION;
    }

    /** Whether the fixed header plus Payload Length fits in the wrapped octets (link padding may follow). */
    public boolean isPayloadLengthValid() {
        return hasMinimumLength() && LENGTH + payloadLength() <= length;
    }

    /** Version, the high nibble of octet 0. */
    public int version() {
        return (segment.get(ValueLayout.JAVA_BYTE, offset) & 0xFF) >>> 4;
    }

    /** Traffic Class. */
    public int trafficClass() {
        return (segment.get(U32, offset) >>> 20) & 0xFF;
    }

    /** Flow Label. */
    public int flowLabel() {
        return segment.get(U32, offset) & FLOW_LABEL_MASK;
    }

    /** Payload Length: the octets after the fixed header, extension headers included. */
    public int payloadLength() {
        return Short.toUnsignedInt(segment.get(U16, offset + PAYLOAD_LENGTH_OFFSET));
    }

    /** Next Header (see {@link IpProtocol}). */
    public int nextHeader() {
        return segment.get(ValueLayout.JAVA_BYTE, offset + NEXT_HEADER_OFFSET) & 0xFF;
    }

    /** Hop Limit. */
    public int hopLimit() {
        return segment.get(ValueLayout.JAVA_BYTE, offset + HOP_LIMIT_OFFSET) & 0xFF;
    }

    /** The high 64 bits of Source Address. */
    public long sourceHigh() {
        return segment.get(U64, offset + SOURCE_OFFSET);
    }

    /** The low 64 bits of Source Address. */
    public long sourceLow() {
        return segment.get(U64, offset + SOURCE_OFFSET + 8);
    }

    /** The high 64 bits of Destination Address. */
    public long destinationHigh() {
        return segment.get(U64, offset + DESTINATION_OFFSET);
    }

    /** The low 64 bits of Destination Address. */
    public long destinationLow() {
        return segment.get(U64, offset + DESTINATION_OFFSET + 8);
    }

    /** Where the payload starts in {@link #segment()}: right after the fixed header. */
    public long payloadOffset() {
        return offset + LENGTH;
    }

    /** Writes Payload Length. */
    public Ipv6Header payloadLength(int payloadLength) {
        segment.set(U16, offset + PAYLOAD_LENGTH_OFFSET, (short) payloadLength);
        return this;
    }

    /** Writes Next Header. */
    public Ipv6Header nextHeader(int nextHeader) {
        segment.set(ValueLayout.JAVA_BYTE, offset + NEXT_HEADER_OFFSET, (byte) nextHeader);
        return this;
    }

    /** Writes Hop Limit. IPv6 has no header checksum to keep. */
    public Ipv6Header hopLimit(int hopLimit) {
        segment.set(ValueLayout.JAVA_BYTE, offset + HOP_LIMIT_OFFSET, (byte) hopLimit);
        return this;
    }

    /** Writes Source Address from its high and low 64 bits. */
    public Ipv6Header source(long high, long low) {
        segment.set(U64, offset + SOURCE_OFFSET, high);
        segment.set(U64, offset + SOURCE_OFFSET + 8, low);
        return this;
    }

    /** Writes Destination Address from its high and low 64 bits. */
    public Ipv6Header destination(long high, long low) {
        segment.set(U64, offset + DESTINATION_OFFSET, high);
        segment.set(U64, offset + DESTINATION_OFFSET + 8, low);
        return this;
    }

    /** Writes Version, Traffic Class and Flow Label. */
    public Ipv6Header versionClassFlow(int trafficClass, int flowLabel) {
        segment.set(U32, offset, VERSION << 28 | (trafficClass & 0xFF) << 20 | (flowLabel & FLOW_LABEL_MASK));
        return this;
    }

    /**
     * The ones' complement sum (not yet finished) of the upper-layer pseudo-header (RFC 8200 §8.1): source,
     * destination, the upper-layer length and next header given, to seed
     * {@link InternetChecksum#accumulate(long, MemorySegment, long, long)}.
     */
    public long pseudoHeaderSum(int nextHeader, int upperLayerLength) {
        long sum = InternetChecksum.accumulate(0, sourceHigh());
        sum = InternetChecksum.accumulate(sum, sourceLow());
        sum = InternetChecksum.accumulate(sum, destinationHigh());
        sum = InternetChecksum.accumulate(sum, destinationLow());
        return InternetChecksum.accumulate(sum, upperLayerLength) + nextHeader;
    }

    /** True if the address whose high word is {@code high} is multicast, ff00::/8 (RFC 4291 §2.7). */
    public static boolean isMulticast(long high) {
        return (high >>> 56) == 0xFF;
    }
}
