package io.vigil.dataplane.packet;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Flyweight over an IPv4 header (RFC 791 §3.1) in a {@link MemorySegment}:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |Type of Service|          Total Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Identification        |Flags|      Fragment Offset    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Source Address                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination Address                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options                    |    Padding    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Accessors read and write big-endian fields at fixed offsets and check no bounds beyond the segment's own: check
 * {@link #hasMinimumLength()}, {@link #isHeaderLengthValid()} and {@link #isTotalLengthValid()} first. The setters
 * of addresses, Time to Live and Total Length keep the Header Checksum right incrementally (RFC 1624); the raw
 * {@link #write} does not, {@link #recomputeHeaderChecksum()} does. Addresses are big-endian ints. Wrap once and
 * re-point it with {@link #wrap}; single-threaded, allocation-free.
 */
public final class Ipv4Header {

    /** Version number of IPv4 (RFC 791 §3.1). */
    public static final int VERSION = 4;
    /** Length of a header without options (RFC 791 §3.1: IHL is at least 5 words). */
    public static final int MIN_LENGTH = 20;
    /** Length of a header with the most options (IHL is 4 bits of 32-bit words: 15 × 4). */
    public static final int MAX_LENGTH = 60;
    /** Offset of Version and IHL. */
    public static final int VERSION_IHL_OFFSET = 0;
    /** Offset of Type of Service (DSCP and ECN, RFC 2474 / RFC 3168). */
    public static final int TYPE_OF_SERVICE_OFFSET = 1;
    /** Offset of Total Length. */
    public static final int TOTAL_LENGTH_OFFSET = 2;
    /** Offset of Identification. */
    public static final int IDENTIFICATION_OFFSET = 4;
    /** Offset of the 16-bit word of Flags (3 bits) and Fragment Offset (13 bits). */
    public static final int FLAGS_FRAGMENT_OFFSET = 6;
    /** Offset of Time to Live. */
    public static final int TTL_OFFSET = 8;
    /** Offset of Protocol. */
    public static final int PROTOCOL_OFFSET = 9;
    /** Offset of Header Checksum. */
    public static final int CHECKSUM_OFFSET = 10;
    /** Offset of Source Address. */
    public static final int SOURCE_OFFSET = 12;
    /** Offset of Destination Address. */
    public static final int DESTINATION_OFFSET = 16;
    /** Offset of the first option. */
    public static final int OPTIONS_OFFSET = 20;
    /** Flag bit 1, Don't Fragment, in the flags/fragment word (RFC 791 §3.1). */
    public static final int FLAG_DONT_FRAGMENT = 0x4000;
    /** Flag bit 2, More Fragments, in the flags/fragment word (RFC 791 §3.1). */
    public static final int FLAG_MORE_FRAGMENTS = 0x2000;
    /** The 13 bits of Fragment Offset, in units of 8 octets. */
    public static final int FRAGMENT_OFFSET_MASK = 0x1FFF;

    private static final ValueLayout.OfShort U16 =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private MemorySegment segment = MemorySegment.NULL;
    private long offset;
    private int length;

    /** Points this flyweight at a datagram of {@code length} octets starting at {@code offset} of {@code memory}. */
    public Ipv4Header wrap(MemorySegment memory, long offset, int length) {
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

    /** Octets available to the datagram, as given to {@link #wrap}. */
    public int length() {
        return length;
    }

    /** Whether the wrapped octets hold at least a header without options. */
    public boolean hasMinimumLength() {
        return length >= MIN_LENGTH;
    }

    /** Whether Version is 4 and IHL is at least 5 words and within the wrapped octets. */
    public boolean isHeaderLengthValid() {
        if (!hasMinimumLength() || version() != VERSION) {
            return false;
        }
        int ihl = headerLength();
        return ihl >= MIN_LENGTH && ihl <= length;
    }

    /** Whether Total Length covers the header and does not run past the wrapped octets (link padding may follow). */
    public boolean isTotalLengthValid() {
        int total = totalLength();
        return isHeaderLengthValid() && total >= headerLength() && total <= length;
    }

    /** Version, the high nibble of octet 0. */
    public int version() {
        return u8(VERSION_IHL_OFFSET) >>> 4;
    }

    /** Header length in octets (IHL × 4). */
    public int headerLength() {
        return (u8(VERSION_IHL_OFFSET) & 0x0F) * 4;
    }

    /** Whether the header carries options (IHL above 5). */
    public boolean hasOptions() {
        return headerLength() > MIN_LENGTH;
    }

    /** Type of Service (today DSCP in the high 6 bits, ECN in the low 2). */
    public int typeOfService() {
        return u8(TYPE_OF_SERVICE_OFFSET);
    }

    /** Total Length of the datagram in octets. */
    public int totalLength() {
        return u16(TOTAL_LENGTH_OFFSET);
    }

    /** Identification. */
    public int identification() {
        return u16(IDENTIFICATION_OFFSET);
    }

    /** The Flags (high 3 bits) and Fragment Offset (low 13 bits) word. */
    public int flagsAndFragmentOffset() {
        return u16(FLAGS_FRAGMENT_OFFSET);
    }

    /** Whether Don't Fragment is set. */
    public boolean dontFragment() {
        return (flagsAndFragmentOffset() & FLAG_DONT_FRAGMENT) != 0;
    }

    /** Whether More Fragments is set. */
    public boolean moreFragments() {
        return (flagsAndFragmentOffset() & FLAG_MORE_FRAGMENTS) != 0;
    }

    /** Fragment Offset in units of 8 octets. */
    public int fragmentOffset() {
        return flagsAndFragmentOffset() & FRAGMENT_OFFSET_MASK;
    }

    /** Whether this datagram is a fragment: More Fragments set or a non-zero Fragment Offset (RFC 791 §2.3). */
    public boolean isFragment() {
        return (flagsAndFragmentOffset() & (FLAG_MORE_FRAGMENTS | FRAGMENT_OFFSET_MASK)) != 0;
    }

    /** Time to Live. */
    public int timeToLive() {
        return u8(TTL_OFFSET);
    }

    /** Protocol (see {@link IpProtocol}). */
    public int protocol() {
        return u8(PROTOCOL_OFFSET);
    }

    /** Header Checksum. */
    public int headerChecksum() {
        return u16(CHECKSUM_OFFSET);
    }

    /** Source Address as a big-endian int. */
    public int sourceAddress() {
        return segment.get(U32, offset + SOURCE_OFFSET);
    }

    /** Destination Address as a big-endian int. */
    public int destinationAddress() {
        return segment.get(U32, offset + DESTINATION_OFFSET);
    }

    /** Where the payload (the transport header) starts in {@link #segment()}: after the options. */
    public long payloadOffset() {
        return offset + headerLength();
    }

    /** Octets of payload by Total Length. */
    public int payloadLength() {
        return totalLength() - headerLength();
    }

    /** Whether the Header Checksum verifies: the header sums to zero (RFC 791 §3.1, RFC 1071). */
    public boolean isHeaderChecksumValid() {
        return InternetChecksum.compute(segment, offset, headerLength()) == 0;
    }

    /** Computes the Header Checksum over the whole header (options included) and writes it. */
    public Ipv4Header recomputeHeaderChecksum() {
        segment.set(U16, offset + CHECKSUM_OFFSET, (short) 0);
        segment.set(U16, offset + CHECKSUM_OFFSET, (short) InternetChecksum.compute(segment, offset, headerLength()));
        return this;
    }

    /** Writes Header Checksum as given. */
    public Ipv4Header headerChecksum(int checksum) {
        segment.set(U16, offset + CHECKSUM_OFFSET, (short) checksum);
        return this;
    }

    /** Rewrites Source Address and updates the Header Checksum incrementally. */
    public Ipv4Header sourceAddress(int address) {
        return address(SOURCE_OFFSET, address);
    }

    /** Rewrites Destination Address and updates the Header Checksum incrementally. */
    public Ipv4Header destinationAddress(int address) {
        return address(DESTINATION_OFFSET, address);
    }

    /** Rewrites Time to Live and updates the Header Checksum incrementally. */
    public Ipv4Header timeToLive(int ttl) {
        int oldWord = u16(TTL_OFFSET);
        int newWord = (ttl & 0xFF) << 8 | (oldWord & 0xFF);
        segment.set(U16, offset + TTL_OFFSET, (short) newWord);
        return headerChecksum(ChecksumUpdate.update16(headerChecksum(), oldWord, newWord));
    }

    /** Rewrites Total Length and updates the Header Checksum incrementally. */
    public Ipv4Header totalLength(int totalLength) {
        int oldWord = u16(TOTAL_LENGTH_OFFSET);
        segment.set(U16, offset + TOTAL_LENGTH_OFFSET, (short) totalLength);
        return headerChecksum(ChecksumUpdate.update16(headerChecksum(), oldWord, totalLength & 0xFFFF));
    }

    /**
     * Writes a 20-octet header with no options and every field given, then its Header Checksum.
     *
     * @param flagsAndFragmentOffset the Flags and Fragment Offset word, e.g. {@link #FLAG_DONT_FRAGMENT}
     */
    public Ipv4Header write(int typeOfService, int totalLength, int identification, int flagsAndFragmentOffset,
            int ttl, int protocol, int source, int destination) {
        segment.set(ValueLayout.JAVA_BYTE, offset + VERSION_IHL_OFFSET, (byte) (VERSION << 4 | MIN_LENGTH / 4));
        segment.set(ValueLayout.JAVA_BYTE, offset + TYPE_OF_SERVICE_OFFSET, (byte) typeOfService);
        segment.set(U16, offset + TOTAL_LENGTH_OFFSET, (short) totalLength);
        segment.set(U16, offset + IDENTIFICATION_OFFSET, (short) identification);
        segment.set(U16, offset + FLAGS_FRAGMENT_OFFSET, (short) flagsAndFragmentOffset);
        segment.set(ValueLayout.JAVA_BYTE, offset + TTL_OFFSET, (byte) ttl);
        segment.set(ValueLayout.JAVA_BYTE, offset + PROTOCOL_OFFSET, (byte) protocol);
        segment.set(U32, offset + SOURCE_OFFSET, source);
        segment.set(U32, offset + DESTINATION_OFFSET, destination);
        return recomputeHeaderChecksum();
    }

    /**
     * The ones' complement sum (not yet finished) of the TCP/UDP pseudo-header of this datagram (RFC 9293 §3.1,
     * RFC 768): source, destination, Protocol and the upper-layer length given, to seed
     * {@link InternetChecksum#accumulate(long, MemorySegment, long, long)}.
     */
    public long pseudoHeaderSum(int upperLayerLength) {
        long sum = InternetChecksum.accumulate(0, sourceAddress());
        sum = InternetChecksum.accumulate(sum, destinationAddress());
        return sum + protocol() + upperLayerLength;
    }

    /** True if {@code address} (big-endian int) is in 224.0.0.0/4 (RFC 5771). */
    public static boolean isMulticast(int address) {
        return (address >>> 28) == 0xE;
    }

    private Ipv4Header address(int field, int address) {
        int old = segment.get(U32, offset + field);
        segment.set(U32, offset + field, address);
        return headerChecksum(ChecksumUpdate.update32(headerChecksum(), old, address));
    }

    private int u8(int field) {
        return segment.get(ValueLayout.JAVA_BYTE, offset + field) & 0xFF;
    }

    private int u16(int field) {
        return Short.toUnsignedInt(segment.get(U16, offset + field));
    }
}
