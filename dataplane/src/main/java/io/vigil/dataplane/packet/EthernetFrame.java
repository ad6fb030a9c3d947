package io.vigil.dataplane.packet;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Flyweight over an Ethernet II header (IEEE 802.3 §3.1.1) in a {@link MemorySegment}:
 * <pre>
 *  0                 6                 12          14
 * +-----------------+-----------------+-----------+---------
 * | destination MAC | source MAC      | EtherType | payload
 * +-----------------+-----------------+-----------+---------
 * </pre>
 * Wrap it once and re-point it at each frame with {@link #wrap}; it allocates nothing.
 *
 * <p>Thread safety: none; one instance per owner thread.
 */
public final class EthernetFrame {

    /** Header length. */
    public static final int HEADER_LENGTH = 14;
    /** Offset of the destination MAC. */
    public static final int DESTINATION = 0;
    /** Offset of the source MAC. */
    public static final int SOURCE = 6;
    /** Offset of the EtherType. */
    public static final int ETHER_TYPE = 12;
    /** EtherType of IPv4, IEEE 802 numbers (RFC 894). */
    public static final int TYPE_IPV4 = 0x0800;
    /** EtherType of ARP (RFC 826). */
    public static final int TYPE_ARP = 0x0806;
    /** EtherType of IPv6 (RFC 2464). */
    public static final int TYPE_IPV6 = 0x86DD;

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private MemorySegment segment;
    private long offset;

    /** Points the flyweight at a frame starting at {@code offset}. */
    public EthernetFrame wrap(MemorySegment segment, long offset) {
        this.segment = segment;
        this.offset = offset;
        return this;
    }

    public MacAddress destination() {
        return MacAddress.read(segment, offset + DESTINATION);
    }

    public EthernetFrame destination(MacAddress mac) {
        mac.write(segment, offset + DESTINATION);
        return this;
    }

    public MacAddress source() {
        return MacAddress.read(segment, offset + SOURCE);
    }

    public EthernetFrame source(MacAddress mac) {
        mac.write(segment, offset + SOURCE);
        return this;
    }

    public int etherType() {
        return segment.get(U16, offset + ETHER_TYPE) & 0xffff;
    }

    public EthernetFrame etherType(int type) {
        segment.set(U16, offset + ETHER_TYPE, (short) type);
        return this;
    }

    /** Where the payload starts in the wrapped segment. */
    public long payloadOffset() {
        return offset + HEADER_LENGTH;
    }
}
