package io.vigil.dataplane.packet;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Flyweight over a TCP header (RFC 9293 §3.1) in a {@link MemorySegment}:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Sequence Number                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Acknowledgment Number                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Data |       |C|E|U|A|P|R|S|F|                               |
 * | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
 * |       |       |R|E|G|K|H|T|N|N|                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Checksum            |         Urgent Pointer        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           [Options]                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Wrap it over the whole segment (header and data, {@code length} = the IP payload length) so the checksum can
 * be verified. Port setters and the {@code …AddressChanged} methods keep the Checksum right incrementally (RFC
 * 1624), including its pseudo-header part after a NAT rewrite of the IP addresses. Accessors check no bounds beyond
 * the segment's own: check {@link #hasMinimumLength()} and {@link #isDataOffsetValid()} first. Single-threaded,
 * allocation-free.
 */
public final class TcpHeader {

    /** Length of a header without options (RFC 9293 §3.1: Data Offset is at least 5 words). */
    public static final int MIN_LENGTH = 20;
    /** Offset of Source Port. */
    public static final int SOURCE_PORT_OFFSET = 0;
    /** Offset of Destination Port. */
    public static final int DESTINATION_PORT_OFFSET = 2;
    /** Offset of Sequence Number. */
    public static final int SEQUENCE_OFFSET = 4;
    /** Offset of Acknowledgment Number. */
    public static final int ACKNOWLEDGMENT_OFFSET = 8;
    /** Offset of Data Offset (high nibble) and the reserved bits. */
    public static final int DATA_OFFSET_OFFSET = 12;
    /** Offset of the control bits. */
    public static final int FLAGS_OFFSET = 13;
    /** Offset of Window. */
    public static final int WINDOW_OFFSET = 14;
    /** Offset of Checksum. */
    public static final int CHECKSUM_OFFSET = 16;
    /** Offset of Urgent Pointer. */
    public static final int URGENT_POINTER_OFFSET = 18;
    /** FIN control bit: no more data from sender. */
    public static final int FIN = 0x01;
    /** SYN control bit: synchronize sequence numbers. */
    public static final int SYN = 0x02;
    /** RST control bit: reset the connection. */
    public static final int RST = 0x04;
    /** PSH control bit: push function. */
    public static final int PSH = 0x08;
    /** ACK control bit: Acknowledgment Number is significant. */
    public static final int ACK = 0x10;
    /** URG control bit: Urgent Pointer is significant. */
    public static final int URG = 0x20;
    /** ECE control bit, ECN-Echo (RFC 3168 §6.1). */
    public static final int ECE = 0x40;
    /** CWR control bit, Congestion Window Reduced (RFC 3168 §6.1). */
    public static final int CWR = 0x80;

    private static final ValueLayout.OfShort U16 =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private MemorySegment segment = MemorySegment.NULL;
    private long offset;
    private int length;

    /** Points this flyweight at a segment of {@code length} octets (header and data) at {@code offset}. */
    public TcpHeader wrap(MemorySegment memory, long offset, int length) {
        this.segment = memory;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /** Offset of the first octet of the header in the wrapped memory. */
    public long offset() {
        return offset;
    }

    /** Octets of the TCP segment, as given to {@link #wrap}. */
    public int length() {
        return length;
    }

    /** Whether the wrapped octets hold a header without options. */
    public boolean hasMinimumLength() {
        return length >= MIN_LENGTH;
    }

    /** Whether Data Offset is at least 5 words and within the wrapped octets. */
    public boolean isDataOffsetValid() {
        if (!hasMinimumLength()) {
            return false;
        }
        int dataOffset = dataOffset();
        return dataOffset >= MIN_LENGTH && dataOffset <= length;
    }

    /** Source Port. */
    public int sourcePort() {
        return u16(SOURCE_PORT_OFFSET);
    }

    /** Destination Port. */
    public int destinationPort() {
        return u16(DESTINATION_PORT_OFFSET);
    }

    /** Sequence Number, unsigned 32 bits in an int. */
    public int sequenceNumber() {
        return segment.get(U32, offset + SEQUENCE_OFFSET);
    }

    /** Acknowledgment Number, unsigned 32 bits in an int. */
    public int acknowledgmentNumber() {
        return segment.get(U32, offset + ACKNOWLEDGMENT_OFFSET);
    }

    /** Data Offset in octets (the header length with options). */
    public int dataOffset() {
        return ((segment.get(ValueLayout.JAVA_BYTE, offset + DATA_OFFSET_OFFSET) & 0xFF) >>> 4) * 4;
    }

    /** The eight control bits ({@link #SYN}, {@link #ACK}, ...). */
    public int flags() {
        return segment.get(ValueLayout.JAVA_BYTE, offset + FLAGS_OFFSET) & 0xFF;
    }

    /** Whether SYN is set. */
    public boolean isSyn() {
        return (flags() & SYN) != 0;
    }

    /** Whether ACK is set. */
    public boolean isAck() {
        return (flags() & ACK) != 0;
    }

    /** Whether FIN is set. */
    public boolean isFin() {
        return (flags() & FIN) != 0;
    }

    /** Whether RST is set. */
    public boolean isRst() {
        return (flags() & RST) != 0;
    }

    /** Window. */
    public int window() {
        return u16(WINDOW_OFFSET);
    }

    /** Checksum. */
    public int checksum() {
        return u16(CHECKSUM_OFFSET);
    }

    /** Urgent Pointer. */
    public int urgentPointer() {
        return u16(URGENT_POINTER_OFFSET);
    }

    /** Where the data starts in the wrapped memory. */
    public long payloadOffset() {
        return offset + dataOffset();
    }

    /** Writes Checksum as given. */
    public TcpHeader checksum(int checksum) {
        segment.set(U16, offset + CHECKSUM_OFFSET, (short) checksum);
        return this;
    }

    /** Rewrites Source Port and updates the Checksum incrementally. */
    public TcpHeader sourcePort(int port) {
        return port(SOURCE_PORT_OFFSET, port);
    }

    /** Rewrites Destination Port and updates the Checksum incrementally. */
    public TcpHeader destinationPort(int port) {
        return port(DESTINATION_PORT_OFFSET, port);
    }

    /** Updates the Checksum for an IPv4 address of the pseudo-header that changed from {@code old} to {@code now}. */
    public TcpHeader ipv4AddressChanged(int old, int now) {
        return checksum(ChecksumUpdate.update32(checksum(), old, now));
    }

    /** Updates the Checksum for an IPv6 address of the pseudo-header that changed. */
    public TcpHeader ipv6AddressChanged(long oldHigh, long oldLow, long newHigh, long newLow) {
        return checksum(ChecksumUpdate.update128(checksum(), oldHigh, oldLow, newHigh, newLow));
    }

    /**
     * Whether the Checksum verifies over the wrapped segment, given the pseudo-header sum of the IP header
     * ({@link Ipv4Header#pseudoHeaderSum(int)}, {@link Ipv6Header#pseudoHeaderSum(int, int)}) for {@link #length()}.
     */
    public boolean isChecksumValid(long pseudoHeaderSum) {
        return InternetChecksum.finish(InternetChecksum.accumulate(pseudoHeaderSum, segment, offset, length)) == 0;
    }

    /** Computes the Checksum over the pseudo-header sum and the wrapped segment, and writes it. */
    public TcpHeader recomputeChecksum(long pseudoHeaderSum) {
        checksum(0);
        return checksum(InternetChecksum.finish(InternetChecksum.accumulate(pseudoHeaderSum, segment, offset, length)));
    }

    /** Writes a 20-octet header without options; Checksum and Urgent Pointer are zero. */
    public TcpHeader write(int sourcePort, int destinationPort, int sequenceNumber, int acknowledgmentNumber,
            int flags, int window) {
        segment.set(U16, offset + SOURCE_PORT_OFFSET, (short) sourcePort);
        segment.set(U16, offset + DESTINATION_PORT_OFFSET, (short) destinationPort);
        segment.set(U32, offset + SEQUENCE_OFFSET, sequenceNumber);
        segment.set(U32, offset + ACKNOWLEDGMENT_OFFSET, acknowledgmentNumber);
        segment.set(ValueLayout.JAVA_BYTE, offset + DATA_OFFSET_OFFSET, (byte) (MIN_LENGTH / 4 << 4));
        segment.set(ValueLayout.JAVA_BYTE, offset + FLAGS_OFFSET, (byte) flags);
        segment.set(U16, offset + WINDOW_OFFSET, (short) window);
        segment.set(U16, offset + CHECKSUM_OFFSET, (short) 0);
        segment.set(U16, offset + URGENT_POINTER_OFFSET, (short) 0);
        return this;
    }

    private TcpHeader port(int field, int port) {
        int old = u16(field);
        segment.set(U16, offset + field, (short) port);
        return checksum(ChecksumUpdate.update16(checksum(), old, port & 0xFFFF));
    }

    private int u16(int field) {
        return Short.toUnsignedInt(segment.get(U16, offset + field));
    }
}
