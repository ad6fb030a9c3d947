package io.vigil.dataplane.packet;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Flyweight over a UDP header (RFC 768) in a {@link MemorySegment}:
 *
 * <pre>
 *  0      7 8     15 16    23 24    31
 * +--------+--------+--------+--------+
 * |     Source      |   Destination   |
 * |      Port       |      Port       |
 * +--------+--------+--------+--------+
 * |                 |                 |
 * |     Length      |    Checksum     |
 * +--------+--------+--------+--------+
 * |          data octets ...
 * +---------------- ...
 * </pre>
 *
 * <p>A Checksum of zero means "no checksum" over IPv4 (RFC 768) and stays zero through every rewrite here; over
 * IPv6 the checksum is mandatory (RFC 8200 §8.1) and a zero one marks a packet to drop ({@link #hasChecksum()}). A
 * computed checksum of zero is sent as all ones (RFC 768). Port setters and the {@code …AddressChanged} methods keep
 * the Checksum right incrementally (RFC 1624). Accessors check no bounds beyond the segment's own: check
 * {@link #isLengthValid()} first. Single-threaded, allocation-free.
 */
public final class UdpHeader {

    /** Header length (RFC 768). */
    public static final int LENGTH = 8;
    /** Offset of Source Port. */
    public static final int SOURCE_PORT_OFFSET = 0;
    /** Offset of Destination Port. */
    public static final int DESTINATION_PORT_OFFSET = 2;
    /** Offset of Length. */
    public static final int LENGTH_OFFSET = 4;
    /** Offset of Checksum. */
    public static final int CHECKSUM_OFFSET = 6;
    /** The Checksum value that means "none was computed" over IPv4 (RFC 768). */
    public static final int NO_CHECKSUM = 0;

    private static final ValueLayout.OfShort U16 =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private MemorySegment segment = MemorySegment.NULL;
    private long offset;
    private int length;

    /** Points this flyweight at a datagram of {@code length} octets (header and data) at {@code offset}. */
    public UdpHeader wrap(MemorySegment memory, long offset, int length) {
        this.segment = memory;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /** Offset of the first octet of the header in the wrapped memory. */
    public long offset() {
        return offset;
    }

    /** Octets wrapped, as given to {@link #wrap}. */
    public int wrappedLength() {
        return length;
    }

    /** Whether the wrapped octets hold the header and the Length field covers it and fits in them. */
    public boolean isLengthValid() {
        if (length < LENGTH) {
            return false;
        }
        int udpLength = length();
        return udpLength >= LENGTH && udpLength <= length;
    }

    /** Source Port. */
    public int sourcePort() {
        return u16(SOURCE_PORT_OFFSET);
    }

    /** Destination Port. */
    public int destinationPort() {
        return u16(DESTINATION_PORT_OFFSET);
    }

    /** Length: header and data in octets. */
    public int length() {
        return u16(LENGTH_OFFSET);
    }

    /** Checksum. */
    public int checksum() {
        return u16(CHECKSUM_OFFSET);
    }

    /** Whether a checksum was computed (the field is not zero). */
    public boolean hasChecksum() {
        return checksum() != NO_CHECKSUM;
    }

    /** Where the data starts in the wrapped memory. */
    public long payloadOffset() {
        return offset + LENGTH;
    }

    /** Writes Checksum as given. */
    public UdpHeader checksum(int checksum) {
        segment.set(U16, offset + CHECKSUM_OFFSET, (short) checksum);
        return this;
    }

    /** Rewrites Source Port and updates a present Checksum incrementally. */
    public UdpHeader sourcePort(int port) {
        return port(SOURCE_PORT_OFFSET, port);
    }

    /** Rewrites Destination Port and updates a present Checksum incrementally. */
    public UdpHeader destinationPort(int port) {
        return port(DESTINATION_PORT_OFFSET, port);
    }

    /** Updates a present Checksum for an IPv4 pseudo-header address that changed from {@code old} to {@code now}. */
    public UdpHeader ipv4AddressChanged(int old, int now) {
        return hasChecksum() ? store(ChecksumUpdate.update32(checksum(), old, now)) : this;
    }

    /** Updates a present Checksum for an IPv6 pseudo-header address that changed. */
    public UdpHeader ipv6AddressChanged(long oldHigh, long oldLow, long newHigh, long newLow) {
        return hasChecksum() ? store(ChecksumUpdate.update128(checksum(), oldHigh, oldLow, newHigh, newLow)) : this;
    }

    /**
     * Whether the Checksum verifies over {@link #length()} octets, given the pseudo-header sum of the IP header
     * ({@link Ipv4Header#pseudoHeaderSum(int)}, {@link Ipv6Header#pseudoHeaderSum(int, int)}). A zero Checksum
     * verifies: the caller rejects it over IPv6.
     */
    public boolean isChecksumValid(long pseudoHeaderSum) {
        return !hasChecksum()
                || InternetChecksum.finish(InternetChecksum.accumulate(pseudoHeaderSum, segment, offset, length())) == 0;
    }

    /** Computes the Checksum over the pseudo-header sum and {@link #length()} octets, and writes it. */
    public UdpHeader recomputeChecksum(long pseudoHeaderSum) {
        checksum(0);
        return store(InternetChecksum.finish(InternetChecksum.accumulate(pseudoHeaderSum, segment, offset, length())));
    }

    /** Writes ports and Length, with Checksum zero. */
    public UdpHeader write(int sourcePort, int destinationPort, int udpLength) {
        segment.set(U16, offset + SOURCE_PORT_OFFSET, (short) sourcePort);
        segment.set(U16, offset + DESTINATION_PORT_OFFSET, (short) destinationPort);
        segment.set(U16, offset + LENGTH_OFFSET, (short) udpLength);
        return checksum(NO_CHECKSUM);
    }

    private UdpHeader port(int field, int port) {
        int old = u16(field);
        segment.set(U16, offset + field, (short) port);
        return hasChecksum() ? store(ChecksumUpdate.update16(checksum(), old, port & 0xFFFF)) : this;
    }

    /** Writes a computed checksum, zero sent as all ones (RFC 768). */
    private UdpHeader store(int computed) {
        return checksum(computed == 0 ? 0xFFFF : computed);
    }

    private int u16(int field) {
        return Short.toUnsignedInt(segment.get(U16, offset + field));
    }
}
