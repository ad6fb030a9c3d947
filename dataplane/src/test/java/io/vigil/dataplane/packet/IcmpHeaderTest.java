package io.vigil.dataplane.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class IcmpHeaderTest {

    /** Fragmentation needed, Next-Hop MTU 1480, quoting the header and 8 octets of {@link Packets#V4_TCP_SYN}. */
    private static final String FRAG_NEEDED = "0304569d000005c8" + Packets.V4_TCP_SYN.substring(0, 56);
    /** Packet Too Big, MTU 1280, from fd00::fe to fd00::1, quoting all of {@link Packets#V6_TCP}. */
    private static final String PACKET_TOO_BIG = "020050b900000500" + Packets.V6_TCP;
    private static final long FD00 = 0xfd00_0000_0000_0000L;

    private final IcmpHeader icmp = new IcmpHeader();
    private final Ipv4Header quoted4 = new Ipv4Header();
    private final Ipv6Header quoted6 = new Ipv6Header();

    @Test
    void readsAFragmentationNeededAndItsQuotedConnection() {
        icmp.wrap(Packets.segment(FRAG_NEEDED), 0, 36);
        assertTrue(icmp.isChecksumValid());
        assertTrue(icmp.isIpv4Error());
        assertEquals(IcmpHeader.V4_DEST_UNREACHABLE, icmp.type());
        assertEquals(IcmpHeader.V4_CODE_FRAGMENTATION_NEEDED, icmp.code());
        assertEquals(1480, icmp.nextHopMtu());
        assertEquals(4, icmp.quotedIpVersion());
        assertTrue(icmp.hasQuotedPorts());
        Ipv4Header quoted = icmp.quotedIpv4(quoted4);
        assertEquals(0xc6120001, quoted.sourceAddress());
        assertEquals(0xc612000a, quoted.destinationAddress());
        assertEquals(IpProtocol.TCP, quoted.protocol());
        assertEquals(28, icmp.quotedTransportOffset());
        assertEquals(40000, icmp.quotedSourcePort());
        assertEquals(80, icmp.quotedDestinationPort());
    }

    @Test
    void rewritingTheQuotedConnectionKeepsBothChecksumsRight() {
        MemorySegment memory = Packets.segment(FRAG_NEEDED);
        icmp.wrap(memory, 0, 36);
        icmp.quotedIpv4(quoted4).sourceAddress(0xc6120063);
        icmp.quotedSourcePort(8080).recomputeChecksum();
        assertTrue(quoted4.isHeaderChecksumValid());
        assertTrue(icmp.isChecksumValid());
        assertEquals(8080, icmp.quotedSourcePort());
        assertEquals(80, icmp.quotedDestinationPort());
        assertEquals(0xc6120063, icmp.quotedIpv4(quoted4).sourceAddress());
    }

    @Test
    void readsAPacketTooBigWithItsPseudoHeaderChecksum() {
        MemorySegment memory = Packets.segment(PACKET_TOO_BIG);
        icmp.wrap(memory, 0, 71);
        Ipv6Header outer = new Ipv6Header().wrap(MemorySegment.ofArray(new byte[40]), 0, 40)
                .source(FD00, 0xfe).destination(FD00, 1);
        long pseudo = outer.pseudoHeaderSum(IpProtocol.ICMPV6, 71);
        assertTrue(icmp.isChecksumValid(pseudo));
        assertFalse(icmp.isChecksumValid(), "ICMPv6 needs the pseudo-header");
        assertTrue(icmp.isIpv6Error());
        assertEquals(IcmpHeader.V6_PACKET_TOO_BIG, icmp.type());
        assertEquals(1280, icmp.mtu());
        assertEquals(6, icmp.quotedIpVersion());
        assertTrue(icmp.hasQuotedPorts());
        assertEquals(48, icmp.quotedTransportOffset());
        assertEquals(FD00 | 0, icmp.quotedIpv6(quoted6).sourceHigh());
        assertEquals(0x10, quoted6.destinationLow());
        assertEquals(40000, icmp.quotedSourcePort());
        icmp.quotedDestinationPort(443).recomputeChecksum(pseudo);
        assertTrue(icmp.isChecksumValid(pseudo));
        assertEquals(443, icmp.quotedDestinationPort());
    }

    @Test
    void informationalMessagesAreNotErrors() {
        MemorySegment memory = Packets.segment(FRAG_NEEDED);
        memory.set(ValueLayout.JAVA_BYTE, 0, (byte) 8);
        assertFalse(icmp.wrap(memory, 0, 36).isIpv4Error(), "echo request");
        memory.set(ValueLayout.JAVA_BYTE, 0, (byte) 128);
        assertFalse(icmp.isIpv6Error(), "ICMPv6 echo request");
        memory.set(ValueLayout.JAVA_BYTE, 0, (byte) 11);
        assertTrue(icmp.isIpv4Error(), "time exceeded");
    }

    @Test
    void shortQuotesHaveNoPorts() {
        MemorySegment memory = Packets.segment(FRAG_NEEDED);
        assertFalse(icmp.wrap(memory, 0, 7).hasMinimumLength());
        assertFalse(icmp.wrap(memory, 0, 7).hasQuotedPorts());
        assertFalse(icmp.wrap(memory, 0, 35).hasQuotedPorts(), "7 of 8 transport octets");
        assertTrue(icmp.wrap(memory, 0, 36).hasQuotedPorts());
        assertEquals(-1, icmp.wrap(memory, 0, 8).quotedIpVersion());
        memory.set(ValueLayout.JAVA_BYTE, 8, (byte) 0x44);
        assertFalse(icmp.wrap(memory, 0, 36).hasQuotedPorts(), "quoted IHL of 4 words");
        memory.set(ValueLayout.JAVA_BYTE, 8, (byte) 0x46);
        assertFalse(icmp.wrap(memory, 0, 36).hasQuotedPorts(), "quoted options push the ports past the end");
        memory.set(ValueLayout.JAVA_BYTE, 8, (byte) 0x35);
        assertFalse(icmp.wrap(memory, 0, 36).hasQuotedPorts(), "version 3");
        assertFalse(icmp.wrap(Packets.segment(PACKET_TOO_BIG), 0, 8 + 40 + 7).hasQuotedPorts());
    }
}
