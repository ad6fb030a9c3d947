package io.vigil.dataplane.packet;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Flyweight over an Ethernet II header (IEEE 802.3 §3.1.1) in a {@link MemorySegment}, with at most one IEEE
 * 802.1Q tag skipped:
 * <pre>
 *  0                 6                 12          14
 * +-----------------+-----------------+-----------+---------
 * | destination MAC | source MAC      | EtherType | payload
 * +-----------------+-----------------+-----------+---------
 *
 *  0                 6                 12     14    16          18
 * +-----------------+-----------------+------+-----+-----------+---------
 * | destination MAC | source MAC      | TPID | TCI | EtherType | payload      (802.1Q tagged)
 * +-----------------+-----------------+------+-----+-----------+---------
 * </pre>
 * MAC addresses are read and written as the low 48 bits of a long ({@link #destinationMac()}), so the packet path
 * never allocates; {@link MacAddress} setters remain for the control path. Wrap it once and re-point it at each
 * frame with {@link #wrap(MemorySegment, long, int)}; no accessor checks bounds beyond the segment's own, so check
 * {@link #hasHeader()} first.
 *
 * <p>Thread safety: none; one instance per owner thread.
 */
public final class EthernetFrame {

    /** Header length without a tag. */
    public static final int HEADER_LENGTH = 14;
    /** Header length with one 802.1Q tag (IEEE 802.1Q §9.3). */
    public static final int TAGGED_HEADER_LENGTH = 18;
    /** Offset of the destination MAC. */
    public static final int DESTINATION = 0;
    /** Offset of the source MAC. */
    public static final int SOURCE = 6;
    /** Offset of the EtherType (or of the tag protocol identifier of a tagged frame). */
    public static final int ETHER_TYPE = 12;
    /** Offset of the tag control information of a tagged frame (IEEE 802.1Q §9.6). */
    public static final int TAG_CONTROL = 14;
    /** Offset of the EtherType that follows one tag. */
    public static final int TAGGED_ETHER_TYPE = 16;
    /** EtherType of IPv4, IEEE 802 numbers (RFC 894). */
    public static final int TYPE_IPV4 = 0x0800;
    /** EtherType of ARP (RFC 826). */
    public static final int TYPE_ARP = 0x0806;
    /** EtherType of IPv6 (RFC 2464). */
    public static final int TYPE_IPV6 = 0x86DD;
    /** Tag protocol identifier of an 802.1Q customer VLAN tag (IEEE 802.1Q §9.5). */
    public static final int TYPE_VLAN = 0x8100;
    /** Tag protocol identifier of an 802.1ad service VLAN tag (IEEE 802.1Q §9.5). */
    public static final int TYPE_QINQ = 0x88A8;
    /** The VLAN identifier bits of the tag control information. */
    public static final int VLAN_ID_MASK = 0x0FFF;

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final long MAC_MASK = 0xFFFF_FFFF_FFFFL;

    private MemorySegment segment = MemorySegment.NULL;
    private long offset;
    private int length;

    /** Points the flyweight at the {@code length} octets of a frame starting at {@code offset}. */
    public EthernetFrame wrap(MemorySegment memory, long offset, int length) {
        this.segment = memory;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /** Points the flyweight at a frame starting at {@code offset} that runs to the end of {@code memory}. */
    public EthernetFrame wrap(MemorySegment memory, long offset) {
        return wrap(memory, offset, (int) Math.min(Integer.MAX_VALUE, memory.byteSize() - offset));
    }

    /** The wrapped memory. */
    public MemorySegment segment() {
        return segment;
    }

    /** Offset of the first octet of the frame in {@link #segment()}. */
    public long offset() {
        return offset;
    }

    /** Octets of the frame, as given to {@link #wrap}. */
    public int length() {
        return length;
    }

    /** Whether the frame is long enough for its header, including the tag when {@link #isTagged()}. */
    public boolean hasHeader() {
        return length >= HEADER_LENGTH && length >= headerLength();
    }

    /** The destination MAC in the low 48 bits. */
    public long destinationMac() {
        return mac(DESTINATION);
    }

    /** Writes the destination MAC from the low 48 bits of {@code mac}. */
    public EthernetFrame destinationMac(long mac) {
        return mac(DESTINATION, mac);
    }

    /** The source MAC in the low 48 bits. */
    public long sourceMac() {
        return mac(SOURCE);
    }

    /** Writes the source MAC from the low 48 bits of {@code mac}. */
    public EthernetFrame sourceMac(long mac) {
        return mac(SOURCE, mac);
    }

    /** Writes the destination MAC. */
    public EthernetFrame destination(MacAddress mac) {
        return destinationMac(mac.bits());
    }

    /** Writes the source MAC. */
    public EthernetFrame source(MacAddress mac) {
        return sourceMac(mac.bits());
    }

    /** The EtherType at octet 12: the tag protocol identifier when the frame is tagged. */
    public int etherType() {
        return Short.toUnsignedInt(segment.get(U16, offset + ETHER_TYPE));
    }

    /** Writes the EtherType at octet 12. */
    public EthernetFrame etherType(int type) {
        segment.set(U16, offset + ETHER_TYPE, (short) type);
        return this;
    }

    /** Whether octet 12 holds an 802.1Q or 802.1ad tag protocol identifier. */
    public boolean isTagged() {
        int type = etherType();
        return type == TYPE_VLAN || type == TYPE_QINQ;
    }

    /** The VLAN identifier of the tag, or -1 when the frame is untagged. */
    public int vlanId() {
        return isTagged() ? Short.toUnsignedInt(segment.get(U16, offset + TAG_CONTROL)) & VLAN_ID_MASK : -1;
    }

    /** The EtherType of the payload: after the tag when there is one (a second, inner tag is not skipped). */
    public int payloadType() {
        return isTagged() ? Short.toUnsignedInt(segment.get(U16, offset + TAGGED_ETHER_TYPE)) : etherType();
    }

    /** Header length: {@link #TAGGED_HEADER_LENGTH} when tagged, else {@link #HEADER_LENGTH}. */
    public int headerLength() {
        return isTagged() ? TAGGED_HEADER_LENGTH : HEADER_LENGTH;
    }

    /** Where the payload starts in the wrapped segment, after the tag when there is one. */
    public long payloadOffset() {
        return offset + headerLength();
    }

    /** Octets after the header. */
    public int payloadLength() {
        return length - headerLength();
    }

    private long mac(int field) {
        long high = Short.toUnsignedLong(segment.get(U16, offset + field));
        return high << 32 | Integer.toUnsignedLong(segment.get(U32, offset + field + 2));
    }

    private EthernetFrame mac(int field, long mac) {
        segment.set(U16, offset + field, (short) ((mac & MAC_MASK) >>> 32));
        segment.set(U32, offset + field + 2, (int) mac);
        return this;
    }
}
