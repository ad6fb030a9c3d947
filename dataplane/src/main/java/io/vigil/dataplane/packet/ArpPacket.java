package io.vigil.dataplane.packet;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Flyweight over an Ethernet/IPv4 ARP packet (RFC 826), 28 bytes:
 * <pre>
 *  0      2      4    5    6      8          14     18         24     28
 * +------+------+----+----+------+----------+------+----------+------+
 * | htype| ptype|hlen|plen| oper | sha      | spa  | tha      | tpa  |
 * +------+------+----+----+------+----------+------+----------+------+
 * </pre>
 * IPv4 addresses are handled as host-order ints ({@code a.b.c.d} is {@code a << 24 | b << 16 | c << 8 | d}).
 *
 * <p>Thread safety: none; one instance per owner thread.
 */
public final class ArpPacket {

    /** Length of an Ethernet/IPv4 ARP packet. */
    public static final int LENGTH = 28;
    /** Hardware type Ethernet, RFC 826 (ar$hrd = 1). */
    public static final int HTYPE_ETHERNET = 1;
    /** Operation: request, RFC 826. */
    public static final int OPER_REQUEST = 1;
    /** Operation: reply, RFC 826. */
    public static final int OPER_REPLY = 2;

    public static final int HTYPE = 0;
    public static final int PTYPE = 2;
    public static final int HLEN = 4;
    public static final int PLEN = 5;
    public static final int OPER = 6;
    public static final int SHA = 8;
    public static final int SPA = 14;
    public static final int THA = 18;
    public static final int TPA = 24;

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private MemorySegment segment;
    private long offset;

    /** Points the flyweight at an ARP packet starting at {@code offset}. */
    public ArpPacket wrap(MemorySegment segment, long offset) {
        this.segment = segment;
        this.offset = offset;
        return this;
    }

    /** Writes htype Ethernet, ptype IPv4, hlen 6, plen 4 and the operation. */
    public ArpPacket ethernetIpv4(int operation) {
        segment.set(U16, offset + HTYPE, (short) HTYPE_ETHERNET);
        segment.set(U16, offset + PTYPE, (short) EthernetFrame.TYPE_IPV4);
        segment.set(ValueLayout.JAVA_BYTE, offset + HLEN, (byte) 6);
        segment.set(ValueLayout.JAVA_BYTE, offset + PLEN, (byte) 4);
        segment.set(U16, offset + OPER, (short) operation);
        return this;
    }

    public int hardwareType() {
        return segment.get(U16, offset + HTYPE) & 0xffff;
    }

    public int protocolType() {
        return segment.get(U16, offset + PTYPE) & 0xffff;
    }

    public int hardwareLength() {
        return segment.get(ValueLayout.JAVA_BYTE, offset + HLEN) & 0xff;
    }

    public int protocolLength() {
        return segment.get(ValueLayout.JAVA_BYTE, offset + PLEN) & 0xff;
    }

    public int operation() {
        return segment.get(U16, offset + OPER) & 0xffff;
    }

    public MacAddress senderHardwareAddress() {
        return MacAddress.read(segment, offset + SHA);
    }

    public ArpPacket senderHardwareAddress(MacAddress mac) {
        mac.write(segment, offset + SHA);
        return this;
    }

    public int senderProtocolAddress() {
        return segment.get(U32, offset + SPA);
    }

    public ArpPacket senderProtocolAddress(int ipv4) {
        segment.set(U32, offset + SPA, ipv4);
        return this;
    }

    public MacAddress targetHardwareAddress() {
        return MacAddress.read(segment, offset + THA);
    }

    public ArpPacket targetHardwareAddress(MacAddress mac) {
        mac.write(segment, offset + THA);
        return this;
    }

    public int targetProtocolAddress() {
        return segment.get(U32, offset + TPA);
    }

    public ArpPacket targetProtocolAddress(int ipv4) {
        segment.set(U32, offset + TPA, ipv4);
        return this;
    }
}
