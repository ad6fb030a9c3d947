package io.vigil.vrrp.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Flyweight over one VRRP message (the IP payload) in a {@link MemorySegment}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Type  | Virtual Rtr ID|   Priority    |Count IPvX Addr|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |(rsvd) |     Max Adver Int     |          Checksum             |  v3 (RFC 5798 §5.1)
 * |   Auth Type   |   Adver Int   |          Checksum             |  v2 (RFC 3768 §5.1)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 IPvX Address(es): 4 octets each for IPv4,     |
 * +                                   16 octets each for IPv6     +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        Authentication Data (v2 only, 8 octets)                |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Accessors read and write big-endian fields at fixed offsets from {@link #offset()} and do no bounds checks
 * beyond the segment's own: a caller validates {@link #MIN_LENGTH} and {@link #expectedLength(IpFamily)} first (as
 * {@link AdvertValidator} does). Wrap once and re-point it with {@link #wrap}; single-threaded, allocation-free.
 */
public final class VrrpPacket {

    /** Octets before the address list (RFC 5798 §5.1). */
    public static final int HEADER_LENGTH = 8;
    /** Shortest message that can be decoded enough to find its VRID and address count. */
    public static final int MIN_LENGTH = HEADER_LENGTH;
    /** Length of the VRRPv2 Authentication Data (RFC 3768 §5.3.10). */
    public static final int AUTH_DATA_LENGTH = 8;
    /** The only defined Type: ADVERTISEMENT (RFC 5798 §5.2.2). */
    public static final int TYPE_ADVERTISEMENT = 1;
    /** VRRPv2, RFC 3768. */
    public static final int VERSION_2 = 2;
    /** VRRPv3, RFC 5798. */
    public static final int VERSION_3 = 3;
    /** IP protocol number of VRRP (RFC 5798 §5.1.1.4). */
    public static final int IP_PROTOCOL = 112;
    /** TTL / hop limit that adverts are sent with and checked for (RFC 5798 §5.1.1.3, §7.1). */
    public static final int TTL = 255;
    /** Priority of the address owner (RFC 5798 §5.2.4). */
    public static final int PRIORITY_OWNER = 255;
    /** Priority a master sends when it stops being master (RFC 5798 §5.2.4). */
    public static final int PRIORITY_STOP = 0;
    /** Largest VRRPv3 Max Adver Int, 12 bits of centiseconds (RFC 5798 §5.2.7). */
    public static final int MAX_ADVER_INT_CENTIS = 0x0fff;

    /** Offset of Version (high nibble) and Type (low nibble). */
    public static final int VERSION_TYPE_OFFSET = 0;
    /** Offset of Virtual Rtr ID. */
    public static final int VRID_OFFSET = 1;
    /** Offset of Priority. */
    public static final int PRIORITY_OFFSET = 2;
    /** Offset of Count IPvX Addr. */
    public static final int COUNT_OFFSET = 3;
    /** Offset of the v2 Auth Type octet. */
    public static final int AUTH_TYPE_OFFSET = 4;
    /** Offset of the v2 Adver Int octet (seconds). */
    public static final int ADVER_INT_OFFSET = 5;
    /** Offset of the v3 16-bit word holding 4 reserved bits and 12 bits of Max Adver Int (centiseconds). */
    public static final int MAX_ADVER_INT_OFFSET = 4;
    /** Offset of Checksum. */
    public static final int CHECKSUM_OFFSET = 6;
    /** Offset of the first IPvX address. */
    public static final int ADDRESSES_OFFSET = 8;

    private static final ValueLayout.OfShort U16 =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private MemorySegment segment = MemorySegment.NULL;
    private long offset;
    private int length;

    /** Points this flyweight at the {@code length} octets at {@code offset} of {@code segment}. */
    public VrrpPacket wrap(MemorySegment segment, long offset, int length) {
        this.segment = segment;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /** The wrapped segment. */
    public MemorySegment segment() {
        return segment;
    }

    /** Offset of the first VRRP octet in {@link #segment()}. */
    public long offset() {
        return offset;
    }

    /** Octets available to this message, as given to {@link #wrap}. */
    public int length() {
        return length;
    }

    /** Length the address count and version call for: header, addresses and, for v2, the authentication data. */
    public int expectedLength(IpFamily family) {
        return expectedLength(version(), family, countIpAddrs());
    }

    /** Length of a message of {@code version} carrying {@code count} addresses of {@code family}. */
    public static int expectedLength(int version, IpFamily family, int count) {
        int len = HEADER_LENGTH + count * family.addressLength();
        return version == VERSION_2 ? len + AUTH_DATA_LENGTH : len;
    }

    /** Version, the high nibble of octet 0 (RFC 5798 §5.2.1). */
    public int version() {
        return (u8(VERSION_TYPE_OFFSET) >>> 4) & 0x0f;
    }

    /** Type, the low nibble of octet 0 (RFC 5798 §5.2.2). */
    public int type() {
        return u8(VERSION_TYPE_OFFSET) & 0x0f;
    }

    /** Virtual Rtr ID (RFC 5798 §5.2.3). */
    public int virtualRouterId() {
        return u8(VRID_OFFSET);
    }

    /** Priority (RFC 5798 §5.2.4). */
    public int priority() {
        return u8(PRIORITY_OFFSET);
    }

    /** Count IPvX Addr (RFC 5798 §5.2.5). */
    public int countIpAddrs() {
        return u8(COUNT_OFFSET);
    }

    /** v2 Auth Type code (RFC 3768 §5.3.6). */
    public int authType() {
        return u8(AUTH_TYPE_OFFSET);
    }

    /** v2 Advertisement Interval in seconds (RFC 3768 §5.3.7). */
    public int adverIntSeconds() {
        return u8(ADVER_INT_OFFSET);
    }

    /** v3 Max Advertise Interval in centiseconds, the low 12 bits of octets 4-5 (RFC 5798 §5.2.7). */
    public int maxAdverIntCentis() {
        return Short.toUnsignedInt(segment.get(U16, offset + MAX_ADVER_INT_OFFSET)) & MAX_ADVER_INT_CENTIS;
    }

    /** The advert interval in centiseconds, whichever version this is. */
    public int advertIntervalCentis() {
        return version() == VERSION_2 ? adverIntSeconds() * 100 : maxAdverIntCentis();
    }

    /** Checksum (RFC 5798 §5.2.8). */
    public int checksum() {
        return Short.toUnsignedInt(segment.get(U16, offset + CHECKSUM_OFFSET));
    }

    /** The {@code index}th IPv4 address as a big-endian int. */
    public int ipv4Address(int index) {
        return segment.get(U32, offset + ADDRESSES_OFFSET + 4L * index);
    }

    /** The high 64 bits of the {@code index}th IPv6 address. */
    public long ipv6AddressHigh(int index) {
        return segment.get(U64, offset + ADDRESSES_OFFSET + 16L * index);
    }

    /** The low 64 bits of the {@code index}th IPv6 address. */
    public long ipv6AddressLow(int index) {
        return segment.get(U64, offset + ADDRESSES_OFFSET + 16L * index + 8);
    }

    /** v2 Authentication Data, the 8 octets after the IPv4 addresses, as a big-endian long (RFC 3768 §5.3.10). */
    public long authenticationData() {
        return segment.get(U64, offset + ADDRESSES_OFFSET + 4L * countIpAddrs());
    }

    /** Writes Version and Type. */
    public VrrpPacket versionAndType(int version, int type) {
        segment.set(ValueLayout.JAVA_BYTE, offset + VERSION_TYPE_OFFSET, (byte) ((version << 4) | (type & 0x0f)));
        return this;
    }

    /** Writes Virtual Rtr ID. */
    public VrrpPacket virtualRouterId(int vrid) {
        return u8(VRID_OFFSET, vrid);
    }

    /** Writes Priority. */
    public VrrpPacket priority(int priority) {
        return u8(PRIORITY_OFFSET, priority);
    }

    /** Writes Count IPvX Addr. */
    public VrrpPacket countIpAddrs(int count) {
        return u8(COUNT_OFFSET, count);
    }

    /** Writes the v2 Auth Type. */
    public VrrpPacket authType(int code) {
        return u8(AUTH_TYPE_OFFSET, code);
    }

    /** Writes the v2 Adver Int in seconds. */
    public VrrpPacket adverIntSeconds(int seconds) {
        return u8(ADVER_INT_OFFSET, seconds);
    }

    /** Writes the v3 Max Adver Int in centiseconds with the reserved bits zero. */
    public VrrpPacket maxAdverIntCentis(int centis) {
        segment.set(U16, offset + MAX_ADVER_INT_OFFSET, (short) (centis & MAX_ADVER_INT_CENTIS));
        return this;
    }

    /** Writes Checksum. */
    public VrrpPacket checksum(int checksum) {
        segment.set(U16, offset + CHECKSUM_OFFSET, (short) checksum);
        return this;
    }

    /** Writes the {@code index}th IPv4 address. */
    public VrrpPacket ipv4Address(int index, int address) {
        segment.set(U32, offset + ADDRESSES_OFFSET + 4L * index, address);
        return this;
    }

    /** Writes the {@code index}th IPv6 address from its high and low 64 bits. */
    public VrrpPacket ipv6Address(int index, long high, long low) {
        segment.set(U64, offset + ADDRESSES_OFFSET + 16L * index, high);
        segment.set(U64, offset + ADDRESSES_OFFSET + 16L * index + 8, low);
        return this;
    }

    /** Writes the v2 Authentication Data after {@link #countIpAddrs()} IPv4 addresses. */
    public VrrpPacket authenticationData(long data) {
        segment.set(U64, offset + ADDRESSES_OFFSET + 4L * countIpAddrs(), data);
        return this;
    }

    private int u8(int field) {
        return segment.get(ValueLayout.JAVA_BYTE, offset + field) & 0xff;
    }

    private VrrpPacket u8(int field, int value) {
        segment.set(ValueLayout.JAVA_BYTE, offset + field, (byte) value);
        return this;
    }
}
