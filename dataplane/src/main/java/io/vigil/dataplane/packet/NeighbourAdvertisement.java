package io.vigil.dataplane.packet;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet6Address;
import java.nio.ByteOrder;

/**
 * Builds the unsolicited neighbour advertisement (RFC 4861 §4.4, §7.2.6) a new VRRP master sends for each IPv6 VIP,
 * byte for byte as keepalived's {@code ndisc_send_unsolicited_na_immediate} (keepalived/vrrp/vrrp_ndisc.c; see
 * reference/keepalived.md §2.10) builds it:
 * <pre>
 *  Ethernet (14)  dst 33:33:00:00:00:01 (RFC 2464 §7: ff02::1), src = interface MAC, type 0x86dd
 *  IPv6 (40)      version 6, traffic class 0, flow label 0, payload length 32, next header 58 (ICMPv6),
 *                 hop limit 255, src = the VIP itself, dst = ff02::1 (all nodes)
 *  ICMPv6 NA (24) 0      1      2          4                                 8                        24
 *                 +------+------+----------+---------------------------------+------------------------+
 *                 | 136  |  0   | checksum | R S O reserved (R if router)    | target address = VIP   |
 *                 +------+------+----------+---------------------------------+------------------------+
 *  option (8)     type 2 (target link-layer address), length 1 (8 octets), the interface MAC
 * </pre>
 * The source is the VIP, not the link-local address: keepalived copies the VIP into {@code ip6h->saddr}. RFC 4861
 * §7.2.4 only requires "an address assigned to the interface", which the VIP is once added. Solicited is clear
 * (§7.2.6), Override is set so receivers replace a cached MAC, and Router is set only when the caller says the
 * interface forwards IPv6 (keepalived: {@code get_ipv6_forwarding(ifp)}). The checksum covers the IPv6
 * pseudo-header (RFC 4443 §2.3, RFC 8200 §8.1). Preallocate one instance and one buffer; it allocates only the
 * 16-byte copy of the VIP per call.
 *
 * <p>Thread safety: none; one instance per owner thread.
 */
public final class NeighbourAdvertisement {

    /** ICMPv6 type of a neighbour advertisement, RFC 4861 §4.4. */
    public static final int ICMPV6_TYPE = 136;
    /** IPv6 next header of ICMPv6, RFC 4443 §1. */
    public static final int NEXT_HEADER_ICMPV6 = 58;
    /** Hop limit of every neighbour discovery message, RFC 4861 §7.1.2 (keepalived NDISC_HOPLIMIT). */
    public static final int HOP_LIMIT = 255;
    /** Router flag, RFC 4861 §4.4. */
    public static final int FLAG_ROUTER = 0x8000_0000;
    /** Solicited flag, RFC 4861 §4.4; never set in an unsolicited advertisement (§7.2.6). */
    public static final int FLAG_SOLICITED = 0x4000_0000;
    /** Override flag, RFC 4861 §4.4; keepalived always sets it. */
    public static final int FLAG_OVERRIDE = 0x2000_0000;
    /** Option type "Target Link-Layer Address", RFC 4861 §4.6.1. */
    public static final int OPTION_TARGET_LINK_LAYER_ADDRESS = 2;
    /** Ethernet destination for ff02::1: 33:33 and the group's low 32 bits, RFC 2464 §7. */
    public static final MacAddress ALL_NODES_MAC = new MacAddress(0x3333_0000_0001L);

    /** Length of the fixed IPv6 header, RFC 8200 §3. */
    public static final int IPV6_HEADER_LENGTH = 40;
    /** ICMPv6 NA (24) plus one 8-octet option: the IPv6 payload length. */
    public static final int ICMPV6_LENGTH = 32;
    /** Whole frame: Ethernet + IPv6 + NA + option (the driver pads nothing: 86 bytes exceed the minimum). */
    public static final int FRAME_LENGTH = EthernetFrame.HEADER_LENGTH + IPV6_HEADER_LENGTH + ICMPV6_LENGTH;

    /** Offsets in the IPv6 header, RFC 8200 §3. */
    public static final int IPV6_PAYLOAD_LENGTH = 4;
    public static final int IPV6_NEXT_HEADER = 6;
    public static final int IPV6_HOP_LIMIT = 7;
    public static final int IPV6_SOURCE = 8;
    public static final int IPV6_DESTINATION = 24;
    /** Offsets in the ICMPv6 message, RFC 4861 §4.4 and §4.6.1. */
    public static final int ICMPV6_CHECKSUM = 2;
    public static final int NA_FLAGS = 4;
    public static final int NA_TARGET = 8;
    public static final int OPTION_TYPE = 24;
    public static final int OPTION_LENGTH = 25;
    public static final int OPTION_ADDRESS = 26;

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** ff02::1, the link-local all-nodes group, RFC 4291 §2.7.1. */
    private static final long ALL_NODES_HIGH = 0xff02_0000_0000_0000L;
    private static final long ALL_NODES_LOW = 1L;

    private final EthernetFrame ethernet = new EthernetFrame();

    /**
     * Writes the advertisement for {@code vip} from {@code source} at the start of {@code frame}; returns its length.
     *
     * @param router whether to set the Router flag (the interface forwards IPv6)
     */
    public int write(MemorySegment frame, MacAddress source, Inet6Address vip, boolean router) {
        if (frame.byteSize() < FRAME_LENGTH) {
            throw new IllegalArgumentException("buffer of " + frame.byteSize() + " bytes, a neighbour advertisement needs "
                    + FRAME_LENGTH);
        }
        MemorySegment target = MemorySegment.ofArray(vip.getAddress());
        long vipHigh = target.get(U64, 0);
        long vipLow = target.get(U64, 8);
        ethernet.wrap(frame, 0).destination(ALL_NODES_MAC).source(source).etherType(EthernetFrame.TYPE_IPV6);
        long ip = ethernet.payloadOffset();
        frame.set(U32, ip, 6 << 28);                                   // version 6, traffic class 0, flow label 0
        frame.set(U16, ip + IPV6_PAYLOAD_LENGTH, (short) ICMPV6_LENGTH);
        frame.set(ValueLayout.JAVA_BYTE, ip + IPV6_NEXT_HEADER, (byte) NEXT_HEADER_ICMPV6);
        frame.set(ValueLayout.JAVA_BYTE, ip + IPV6_HOP_LIMIT, (byte) HOP_LIMIT);
        frame.set(U64, ip + IPV6_SOURCE, vipHigh);
        frame.set(U64, ip + IPV6_SOURCE + 8, vipLow);
        frame.set(U64, ip + IPV6_DESTINATION, ALL_NODES_HIGH);
        frame.set(U64, ip + IPV6_DESTINATION + 8, ALL_NODES_LOW);

        long icmp = ip + IPV6_HEADER_LENGTH;
        frame.set(ValueLayout.JAVA_BYTE, icmp, (byte) ICMPV6_TYPE);
        frame.set(ValueLayout.JAVA_BYTE, icmp + 1, (byte) 0);
        frame.set(U16, icmp + ICMPV6_CHECKSUM, (short) 0);
        frame.set(U32, icmp + NA_FLAGS, FLAG_OVERRIDE | (router ? FLAG_ROUTER : 0));
        frame.set(U64, icmp + NA_TARGET, vipHigh);
        frame.set(U64, icmp + NA_TARGET + 8, vipLow);
        frame.set(ValueLayout.JAVA_BYTE, icmp + OPTION_TYPE, (byte) OPTION_TARGET_LINK_LAYER_ADDRESS);
        frame.set(ValueLayout.JAVA_BYTE, icmp + OPTION_LENGTH, (byte) 1);
        source.write(frame, icmp + OPTION_ADDRESS);
        frame.set(U16, icmp + ICMPV6_CHECKSUM, (short) checksum(frame, ip));
        return FRAME_LENGTH;
    }

    /**
     * The ICMPv6 checksum of the message after the IPv6 header at {@code ipOffset}, over the pseudo-header of
     * RFC 8200 §8.1 (source, destination, upper-layer length, next header 58). A message carrying a correct
     * checksum gives 0.
     */
    public static int checksum(MemorySegment frame, long ipOffset) {
        int length = Short.toUnsignedInt(frame.get(U16, ipOffset + IPV6_PAYLOAD_LENGTH));
        long sum = InternetChecksum.accumulate(0, frame, ipOffset + IPV6_SOURCE, 32); // source and destination
        sum = InternetChecksum.accumulate(sum, length);
        sum = InternetChecksum.accumulate(sum, NEXT_HEADER_ICMPV6);
        return InternetChecksum.finish(InternetChecksum.accumulate(sum, frame, ipOffset + IPV6_HEADER_LENGTH, length));
    }
}
