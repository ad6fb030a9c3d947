package io.vigil.dataplane.packet;

import java.lang.foreign.MemorySegment;

/**
 * Writes the ICMP errors the forwarder sends back about a datagram it cannot pass on because it is too big: an
 * Ethernet + IPv4 ICMP Destination Unreachable, fragmentation needed and DF set, with the Next-Hop MTU (RFC 792,
 * RFC 1191 §4), and an Ethernet + IPv6 ICMPv6 Packet Too Big (RFC 4443 §3.2). Each is addressed back to the
 * offending packet's source, on the link it came from (the Ethernet addresses swapped, untagged), and quotes it:
 * for IPv4 as much as fits in 576 octets (RFC 1812 §4.3.2.3; at least its header and 8 octets, RFC 792), for IPv6
 * as much as fits in the minimum MTU of 1280 (RFC 4443 §2.4 (c)).
 *
 * <p>No error is written ({@link #NOT_SENT}) where the RFCs forbid one (RFC 1122 §3.2.2, RFC 4443 §2.4 (e)): about
 * an ICMP error, about a non-initial fragment, to a source that is not one host (unspecified, multicast, broadcast,
 * loopback), about a malformed packet, or when {@code out} is too small for the header and 8 quoted octets.
 *
 * <p>Thread safety: none; one instance per worker thread (it owns the IPv4 Identification counter).
 * Allocation-free.
 */
public final class IcmpErrorWriter {

    /** Returned when no error message may or can be written. */
    public static final int NOT_SENT = 0;
    /** Longest IPv4 datagram an ICMP error is, RFC 1812 §4.3.2.3. */
    public static final int V4_MAX_ERROR_LENGTH = 576;
    /** Time to Live and Hop Limit of the errors (the Linux default). */
    public static final int TTL = 64;
    /** Type of Service of ICMPv4 errors: precedence 6, internetwork control (RFC 1812 §4.3.2.5). */
    public static final int V4_ERROR_TOS = 0xC0;

    private static final int V4_BROADCAST = 0xFFFF_FFFF;
    private static final int V4_LOOPBACK_NET = 127;
    private static final int V4_OVERHEAD = Ipv4Header.MIN_LENGTH + IcmpHeader.HEADER_LENGTH;
    private static final int V6_OVERHEAD = Ipv6Header.LENGTH + IcmpHeader.HEADER_LENGTH;

    private final EthernetFrame received = new EthernetFrame();
    private final EthernetFrame sent = new EthernetFrame();
    private final Ipv4Header offending4 = new Ipv4Header();
    private final Ipv6Header offending6 = new Ipv6Header();
    private final Ipv4Header ip4 = new Ipv4Header();
    private final Ipv6Header ip6 = new Ipv6Header();
    private final IcmpHeader icmp = new IcmpHeader();
    private int identification;

    /** @param firstIdentification Identification of the first IPv4 error */
    public IcmpErrorWriter(int firstIdentification) {
        this.identification = firstIdentification;
    }

    /**
     * Writes an ICMP fragmentation needed about the IPv4 datagram in the Ethernet frame at {@code frameOffset}.
     *
     * @param routerAddress the error's source (big-endian int): the director's address on that link
     * @param nextHopMtu    the largest datagram that would have passed
     * @return the length of the frame written at {@code outOffset}, or {@link #NOT_SENT}
     */
    public int fragmentationNeeded(MemorySegment frame, long frameOffset, int frameLength, int routerAddress,
            int nextHopMtu, MemorySegment out, long outOffset, int outCapacity) {
        received.wrap(frame, frameOffset, frameLength);
        if (!received.hasHeader() || received.payloadType() != EthernetFrame.TYPE_IPV4) {
            return NOT_SENT;
        }
        Ipv4Header in = offending4.wrap(frame, received.payloadOffset(), received.payloadLength());
        if (!in.isTotalLengthValid() || in.fragmentOffset() != 0 || !isOneV4Host(in.sourceAddress())
                || isIcmpError(in.protocol() == IpProtocol.ICMP, in.payloadOffset(), in.payloadLength(), true)) {
            return NOT_SENT;
        }
        int quoted = quoteLength(in.totalLength(), V4_MAX_ERROR_LENGTH - V4_OVERHEAD,
                in.headerLength() + IcmpHeader.QUOTED_TRANSPORT_LENGTH,
                outCapacity - EthernetFrame.HEADER_LENGTH - V4_OVERHEAD);
        if (quoted < 0) {
            return NOT_SENT;
        }
        int totalLength = V4_OVERHEAD + quoted;
        writeEthernet(out, outOffset, EthernetFrame.TYPE_IPV4);
        long ipOffset = outOffset + EthernetFrame.HEADER_LENGTH;
        ip4.wrap(out, ipOffset, totalLength).write(V4_ERROR_TOS, totalLength, identification++, 0, TTL,
                IpProtocol.ICMP, routerAddress, in.sourceAddress());
        MemorySegment.copy(frame, in.offset(), out, ip4.payloadOffset() + IcmpHeader.HEADER_LENGTH, quoted);
        icmp.wrap(out, ip4.payloadOffset(), IcmpHeader.HEADER_LENGTH + quoted)
                .write(IcmpHeader.V4_DEST_UNREACHABLE, IcmpHeader.V4_CODE_FRAGMENTATION_NEEDED, nextHopMtu & 0xFFFF)
                .recomputeChecksum();
        return EthernetFrame.HEADER_LENGTH + totalLength;
    }

    /**
     * Writes an ICMPv6 Packet Too Big about the IPv6 packet in the Ethernet frame at {@code frameOffset}.
     *
     * @param routerHigh the high 64 bits of the error's source: the director's address on that link
     * @param routerLow  its low 64 bits
     * @param mtu        the MTU of the next-hop link
     * @return the length of the frame written at {@code outOffset}, or {@link #NOT_SENT}
     */
    public int packetTooBig(MemorySegment frame, long frameOffset, int frameLength, long routerHigh, long routerLow,
            int mtu, MemorySegment out, long outOffset, int outCapacity) {
        received.wrap(frame, frameOffset, frameLength);
        if (!received.hasHeader() || received.payloadType() != EthernetFrame.TYPE_IPV6) {
            return NOT_SENT;
        }
        Ipv6Header in = offending6.wrap(frame, received.payloadOffset(), received.payloadLength());
        if (!in.isPayloadLengthValid() || !isOneV6Host(in.sourceHigh(), in.sourceLow())
                || isIcmpError(in.nextHeader() == IpProtocol.ICMPV6, in.payloadOffset(), in.payloadLength(), false)) {
            return NOT_SENT;
        }
        int quoted = quoteLength(Ipv6Header.LENGTH + in.payloadLength(), Ipv6Header.MINIMUM_MTU - V6_OVERHEAD,
                Ipv6Header.LENGTH + IcmpHeader.QUOTED_TRANSPORT_LENGTH,
                outCapacity - EthernetFrame.HEADER_LENGTH - V6_OVERHEAD);
        if (quoted < 0) {
            return NOT_SENT;
        }
        int icmpLength = IcmpHeader.HEADER_LENGTH + quoted;
        writeEthernet(out, outOffset, EthernetFrame.TYPE_IPV6);
        ip6.wrap(out, outOffset + EthernetFrame.HEADER_LENGTH, Ipv6Header.LENGTH + icmpLength)
                .versionClassFlow(0, 0).payloadLength(icmpLength).nextHeader(IpProtocol.ICMPV6).hopLimit(TTL)
                .source(routerHigh, routerLow).destination(in.sourceHigh(), in.sourceLow());
        MemorySegment.copy(frame, in.offset(), out, ip6.payloadOffset() + IcmpHeader.HEADER_LENGTH, quoted);
        icmp.wrap(out, ip6.payloadOffset(), icmpLength).write(IcmpHeader.V6_PACKET_TOO_BIG, 0, mtu)
                .recomputeChecksum(ip6.pseudoHeaderSum(IpProtocol.ICMPV6, icmpLength));
        return EthernetFrame.HEADER_LENGTH + Ipv6Header.LENGTH + icmpLength;
    }

    /**
     * How much of a packet of {@code available} octets to quote: all of it up to {@code limit}, cut to the
     * {@code room} in the output buffer, but never below {@code minimum} (or the whole packet if shorter); -1 when
     * even that does not fit.
     */
    private static int quoteLength(int available, int limit, int minimum, int room) {
        int quoted = Math.min(Math.min(available, limit), room);
        return quoted >= Math.min(minimum, available) ? quoted : -1;
    }

    private void writeEthernet(MemorySegment out, long outOffset, int etherType) {
        sent.wrap(out, outOffset, EthernetFrame.HEADER_LENGTH)
                .destinationMac(received.sourceMac()).sourceMac(received.destinationMac()).etherType(etherType);
    }

    /** Whether the packet is itself an ICMP error message: no error is sent about one. */
    private boolean isIcmpError(boolean isIcmp, long payloadOffset, int payloadLength, boolean v4) {
        if (!isIcmp || payloadLength < 1) {
            return false;
        }
        icmp.wrap(received.segment(), payloadOffset, payloadLength);
        return v4 ? icmp.isIpv4Error() : icmp.isIpv6Error();
    }

    private static boolean isOneV4Host(int address) {
        return address != 0 && address != V4_BROADCAST && !Ipv4Header.isMulticast(address)
                && (address >>> 24) != V4_LOOPBACK_NET;
    }

    private static boolean isOneV6Host(long high, long low) {
        boolean unspecified = high == 0 && low == 0;
        boolean loopback = high == 0 && low == 1;
        return !unspecified && !loopback && !Ipv6Header.isMulticast(high);
    }
}
