package io.vigil.dataplane.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class IcmpErrorWriterTest {

    private static final long CLIENT_SIDE_MAC = 0x02_00_00_00_00_01L;
    private static final long DIRECTOR_MAC = 0x02_00_00_00_00_02L;
    private static final int CLIENT = 0xc6120001;
    private static final int VIP = 0xc612000a;
    private static final int DIRECTOR = 0xc6120002;
    private static final long FD00 = 0xfd00_0000_0000_0000L;

    private final IcmpErrorWriter writer = new IcmpErrorWriter(0x4242);
    private final MemorySegment out = MemorySegment.ofArray(new byte[2048]);
    private final EthernetFrame ethernet = new EthernetFrame();
    private final Ipv4Header ip4 = new Ipv4Header();
    private final Ipv6Header ip6 = new Ipv6Header();
    private final IcmpHeader icmp = new IcmpHeader();

    @Test
    void fragmentationNeededQuotes548OctetsOfABigDatagram() {
        MemorySegment frame = ipv4Frame(1500, IpProtocol.TCP, CLIENT, 0);
        int length = writer.fragmentationNeeded(frame, 0, 1514, DIRECTOR, 1480, out, 0, 2048);
        assertEquals(14 + 576, length, "RFC 1812: at most 576 octets");
        ethernet.wrap(out, 0, length);
        assertEquals(CLIENT_SIDE_MAC, ethernet.destinationMac());
        assertEquals(DIRECTOR_MAC, ethernet.sourceMac());
        assertEquals(EthernetFrame.TYPE_IPV4, ethernet.etherType());
        ip4.wrap(out, 14, length - 14);
        assertTrue(ip4.isTotalLengthValid());
        assertTrue(ip4.isHeaderChecksumValid());
        assertEquals(576, ip4.totalLength());
        assertEquals(IpProtocol.ICMP, ip4.protocol());
        assertEquals(IcmpErrorWriter.V4_ERROR_TOS, ip4.typeOfService());
        assertEquals(IcmpErrorWriter.TTL, ip4.timeToLive());
        assertEquals(0x4242, ip4.identification());
        assertEquals(DIRECTOR, ip4.sourceAddress());
        assertEquals(CLIENT, ip4.destinationAddress());
        icmp.wrap(out, ip4.payloadOffset(), ip4.payloadLength());
        assertTrue(icmp.isChecksumValid());
        assertEquals(IcmpHeader.V4_DEST_UNREACHABLE, icmp.type());
        assertEquals(IcmpHeader.V4_CODE_FRAGMENTATION_NEEDED, icmp.code());
        assertEquals(1480, icmp.nextHopMtu());
        assertEquals(Packets.hex(frame, 14, 548), Packets.hex(out, icmp.quotedOffset(), icmp.quotedLength()));
        assertEquals(40000, icmp.quotedSourcePort());
    }

    @Test
    void aSmallDatagramIsQuotedWholeAndTheBufferOffsetIsHonoured() {
        MemorySegment frame = frame(EthernetFrame.TYPE_IPV4, Packets.V4_TCP_SYN);
        int length = writer.fragmentationNeeded(frame, 0, 54, DIRECTOR, 1400, out, 100, 1000);
        assertEquals(14 + 20 + 8 + 40, length);
        icmp.wrap(out, 100 + 34, 48);
        assertTrue(icmp.isChecksumValid());
        assertEquals(Packets.V4_TCP_SYN, Packets.hex(out, icmp.quotedOffset(), 40));
        assertEquals(0, out.get(ValueLayout.JAVA_BYTE, 99), "nothing before the offset");
    }

    @Test
    void aSmallBufferGetsTheMinimumQuoteOrNothing() {
        MemorySegment frame = ipv4Frame(1500, IpProtocol.TCP, CLIENT, 0);
        assertEquals(14 + 28 + 28, writer.fragmentationNeeded(frame, 0, 1514, DIRECTOR, 1480, out, 0, 70));
        assertEquals(IcmpErrorWriter.NOT_SENT, writer.fragmentationNeeded(frame, 0, 1514, DIRECTOR, 1480, out, 0, 69));
    }

    @Test
    void noFragmentationNeededWhereTheRfcsForbidIt() {
        assertNotSent(ipv4Frame(1500, IpProtocol.TCP, CLIENT, 1), "non-initial fragment");
        assertNotSent(ipv4Frame(1500, IpProtocol.TCP, 0xe0000012, 0), "multicast source");
        assertNotSent(ipv4Frame(1500, IpProtocol.TCP, 0xffffffff, 0), "broadcast source");
        assertNotSent(ipv4Frame(1500, IpProtocol.TCP, 0, 0), "unspecified source");
        assertNotSent(ipv4Frame(1500, IpProtocol.TCP, 0x7f000001, 0), "loopback source");
        MemorySegment aboutAnError = ipv4Frame(1500, IpProtocol.ICMP, CLIENT, 0);
        aboutAnError.set(ValueLayout.JAVA_BYTE, 34, (byte) IcmpHeader.V4_DEST_UNREACHABLE);
        assertNotSent(aboutAnError, "an ICMP error");
        MemorySegment aboutAnEcho = ipv4Frame(1500, IpProtocol.ICMP, CLIENT, 0);
        aboutAnEcho.set(ValueLayout.JAVA_BYTE, 34, (byte) 8);
        assertEquals(14 + 576, writer.fragmentationNeeded(aboutAnEcho, 0, 1514, DIRECTOR, 1480, out, 0, 2048),
                "an echo request gets one");
        assertEquals(IcmpErrorWriter.NOT_SENT, writer.fragmentationNeeded(ipv4Frame(1500, IpProtocol.TCP, CLIENT, 0),
                0, 1000, DIRECTOR, 1480, out, 0, 2048), "truncated: total length past the frame");
        assertEquals(IcmpErrorWriter.NOT_SENT, writer.fragmentationNeeded(frame(EthernetFrame.TYPE_IPV6,
                Packets.V6_TCP), 0, 77, DIRECTOR, 1480, out, 0, 2048), "not IPv4");
    }

    @Test
    void packetTooBigQuotesUpToTheMinimumMtu() {
        MemorySegment frame = ipv6Frame(1480, FD00, 1, IpProtocol.TCP);
        int length = writer.packetTooBig(frame, 0, 14 + 1520, FD00, 2, 1400, out, 0, 2048);
        assertEquals(14 + 1280, length, "RFC 4443 §2.4 (c): no more than the minimum MTU");
        ethernet.wrap(out, 0, length);
        assertEquals(CLIENT_SIDE_MAC, ethernet.destinationMac());
        assertEquals(DIRECTOR_MAC, ethernet.sourceMac());
        assertEquals(EthernetFrame.TYPE_IPV6, ethernet.etherType());
        ip6.wrap(out, 14, length - 14);
        assertTrue(ip6.isPayloadLengthValid());
        assertEquals(1240, ip6.payloadLength());
        assertEquals(IpProtocol.ICMPV6, ip6.nextHeader());
        assertEquals(IcmpErrorWriter.TTL, ip6.hopLimit());
        assertEquals(FD00, ip6.sourceHigh());
        assertEquals(2, ip6.sourceLow());
        assertEquals(1, ip6.destinationLow());
        icmp.wrap(out, ip6.payloadOffset(), 1240);
        assertTrue(icmp.isChecksumValid(ip6.pseudoHeaderSum(IpProtocol.ICMPV6, 1240)));
        assertEquals(IcmpHeader.V6_PACKET_TOO_BIG, icmp.type());
        assertEquals(0, icmp.code());
        assertEquals(1400, icmp.mtu());
        assertEquals(Packets.hex(frame, 14, 1232), Packets.hex(out, icmp.quotedOffset(), icmp.quotedLength()));
    }

    @Test
    void packetTooBigQuotesASmallPacketWhole() {
        int length = writer.packetTooBig(frame(EthernetFrame.TYPE_IPV6, Packets.V6_TCP), 0, 77, FD00, 2, 1280, out, 0,
                2048);
        assertEquals(14 + 40 + 8 + 63, length);
        assertEquals(Packets.V6_TCP, Packets.hex(out, 14 + 48, 63));
    }

    @Test
    void noPacketTooBigWhereRfc4443ForbidsIt() {
        assertNotSent6(ipv6Frame(1480, 0, 0, IpProtocol.TCP), "unspecified source");
        assertNotSent6(ipv6Frame(1480, 0xff02_0000_0000_0000L, 1, IpProtocol.UDP), "multicast source");
        MemorySegment aboutAnError = ipv6Frame(1480, FD00, 1, IpProtocol.ICMPV6);
        aboutAnError.set(ValueLayout.JAVA_BYTE, 54, (byte) IcmpHeader.V6_DEST_UNREACHABLE);
        assertNotSent6(aboutAnError, "an ICMPv6 error");
        MemorySegment frame = ipv6Frame(1480, FD00, 1, IpProtocol.TCP);
        assertEquals(IcmpErrorWriter.NOT_SENT, writer.packetTooBig(frame, 0, 14 + 1519, FD00, 2, 1400, out, 0, 2048),
                "truncated");
        assertEquals(IcmpErrorWriter.NOT_SENT, writer.packetTooBig(frame, 0, 14 + 1520, FD00, 2, 1400, out, 0,
                14 + 48 + 47), "no room for the header and 8 octets");
    }

    private void assertNotSent(MemorySegment frame, String why) {
        assertEquals(IcmpErrorWriter.NOT_SENT,
                writer.fragmentationNeeded(frame, 0, (int) frame.byteSize(), DIRECTOR, 1480, out, 0, 2048), why);
    }

    private void assertNotSent6(MemorySegment frame, String why) {
        assertEquals(IcmpErrorWriter.NOT_SENT,
                writer.packetTooBig(frame, 0, (int) frame.byteSize(), FD00, 2, 1400, out, 0, 2048), why);
    }

    /** An Ethernet frame from the client side to the director carrying {@code hex}. */
    private static MemorySegment frame(int etherType, String hex) {
        MemorySegment frame = Packets.segment(14, hex);
        new EthernetFrame().wrap(frame, 0, 14).destinationMac(DIRECTOR_MAC).sourceMac(CLIENT_SIDE_MAC)
                .etherType(etherType);
        return frame;
    }

    /** An IPv4 datagram of {@code total} octets, DF set, numbered payload octets, in a frame. */
    private static MemorySegment ipv4Frame(int total, int protocol, int source, int fragmentOffset) {
        MemorySegment frame = frame(EthernetFrame.TYPE_IPV4, "");
        MemorySegment big = MemorySegment.ofArray(new byte[14 + total]);
        MemorySegment.copy(frame, 0, big, 0, 14);
        for (int i = 34; i < big.byteSize(); i++) {
            big.set(ValueLayout.JAVA_BYTE, i, (byte) i);
        }
        new Ipv4Header().wrap(big, 14, total).write(0, total, 1, Ipv4Header.FLAG_DONT_FRAGMENT | fragmentOffset, 64,
                protocol, source, VIP);
        new TcpHeader().wrap(big, 34, total - 20).write(40000, 80, 1, 0, TcpHeader.ACK, 100);
        if (protocol == IpProtocol.ICMP) {
            big.set(ValueLayout.JAVA_BYTE, 34, (byte) 8);
        }
        return big;
    }

    /** An IPv6 packet with {@code payload} octets after its header, numbered, in a frame. */
    private static MemorySegment ipv6Frame(int payload, long sourceHigh, long sourceLow, int nextHeader) {
        MemorySegment frame = frame(EthernetFrame.TYPE_IPV6, "");
        MemorySegment big = MemorySegment.ofArray(new byte[14 + 40 + payload]);
        MemorySegment.copy(frame, 0, big, 0, 14);
        for (int i = 54; i < big.byteSize(); i++) {
            big.set(ValueLayout.JAVA_BYTE, i, (byte) i);
        }
        new Ipv6Header().wrap(big, 14, 40 + payload).versionClassFlow(0, 0).payloadLength(payload)
                .nextHeader(nextHeader).hopLimit(64).source(sourceHigh, sourceLow).destination(FD00, 0x10);
        if (nextHeader == IpProtocol.ICMPV6) {
            big.set(ValueLayout.JAVA_BYTE, 54, (byte) 128);
        }
        return big;
    }
}
