package io.vigil.vrrp.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Flyweight over the IPv4 header that a raw {@code AF_INET} socket delivers in front of each VRRP message; only the
 * fields VRRP validation needs (RFC 791 §3.1).
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
 * </pre>
 *
 * <p>No bounds checks beyond the segment's: check {@link #MIN_LENGTH} first. Single-threaded, allocation-free.
 */
public final class Ipv4Header {

    /** Length of a header without options (RFC 791 §3.1: IHL is at least 5 words). */
    public static final int MIN_LENGTH = 20;
    /** Offset of Version and IHL. */
    public static final int VERSION_IHL_OFFSET = 0;
    /** Offset of Total Length. */
    public static final int TOTAL_LENGTH_OFFSET = 2;
    /** Offset of Time to Live. */
    public static final int TTL_OFFSET = 8;
    /** Offset of Protocol. */
    public static final int PROTOCOL_OFFSET = 9;
    /** Offset of Source Address. */
    public static final int SOURCE_OFFSET = 12;
    /** Offset of Destination Address. */
    public static final int DESTINATION_OFFSET = 16;

    private static final ValueLayout.OfShort U16 =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private MemorySegment segment = MemorySegment.NULL;
    private long offset;

    /** Points this flyweight at the header starting at {@code offset} of {@code segment}. */
    public Ipv4Header wrap(MemorySegment segment, long offset) {
        this.segment = segment;
        this.offset = offset;
        return this;
    }

    /** Version, the high nibble of octet 0; 4 for IPv4. */
    public int version() {
        return (u8(VERSION_IHL_OFFSET) >>> 4) & 0x0f;
    }

    /** Header length in octets (IHL × 4). */
    public int headerLength() {
        return (u8(VERSION_IHL_OFFSET) & 0x0f) * 4;
    }

    /** Total Length of the datagram in octets. */
    public int totalLength() {
        return Short.toUnsignedInt(segment.get(U16, offset + TOTAL_LENGTH_OFFSET));
    }

    /** Time to Live. */
    public int timeToLive() {
        return u8(TTL_OFFSET);
    }

    /** Protocol. */
    public int protocol() {
        return u8(PROTOCOL_OFFSET);
    }

    /** Source Address as a big-endian int. */
    public int sourceAddress() {
        return segment.get(U32, offset + SOURCE_OFFSET);
    }

    /** Destination Address as a big-endian int. */
    public int destinationAddress() {
        return segment.get(U32, offset + DESTINATION_OFFSET);
    }

    /** Writes a 20-octet header with no options, TOS 0xc0 as keepalived sends (vrrp.c L1379), and no IP checksum. */
    public Ipv4Header write(int totalLength, int ttl, int protocol, int source, int destination) {
        segment.asSlice(offset, MIN_LENGTH).fill((byte) 0);
        segment.set(ValueLayout.JAVA_BYTE, offset + VERSION_IHL_OFFSET, (byte) 0x45);
        segment.set(ValueLayout.JAVA_BYTE, offset + 1, (byte) 0xc0);
        segment.set(U16, offset + TOTAL_LENGTH_OFFSET, (short) totalLength);
        segment.set(ValueLayout.JAVA_BYTE, offset + TTL_OFFSET, (byte) ttl);
        segment.set(ValueLayout.JAVA_BYTE, offset + PROTOCOL_OFFSET, (byte) protocol);
        segment.set(U32, offset + SOURCE_OFFSET, source);
        segment.set(U32, offset + DESTINATION_OFFSET, destination);
        return this;
    }

    /** True if {@code address} (big-endian int) is in 224.0.0.0/4 (RFC 5771). */
    public static boolean isMulticast(int address) {
        return (address >>> 28) == 0xe;
    }

    private int u8(int field) {
        return segment.get(ValueLayout.JAVA_BYTE, offset + field) & 0xff;
    }
}
