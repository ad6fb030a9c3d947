package io.vigil.dataplane.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.forward.AddressWords;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class Ipv6HeaderTest {

    private final Ipv6Header ip = new Ipv6Header();

    @Test
    void readsEveryFieldWithAddressesAsAddressWords() throws Exception {
        ip.wrap(Packets.segment(Packets.V6_TCP), 0, 63);
        assertTrue(ip.isPayloadLengthValid());
        assertEquals(6, ip.version());
        assertEquals(0x12, ip.trafficClass());
        assertEquals(0x34567, ip.flowLabel());
        assertEquals(23, ip.payloadLength());
        assertEquals(IpProtocol.TCP, ip.nextHeader());
        assertEquals(64, ip.hopLimit());
        InetAddress source = InetAddress.getByName("fd00::1");
        InetAddress destination = InetAddress.getByName("fd00::10");
        assertEquals(AddressWords.high(source), ip.sourceHigh());
        assertEquals(AddressWords.low(source), ip.sourceLow());
        assertEquals(AddressWords.high(destination), ip.destinationHigh());
        assertEquals(AddressWords.low(destination), ip.destinationLow());
        assertEquals(40, ip.payloadOffset());
    }

    @Test
    void writesTheHandBuiltHeader() {
        MemorySegment memory = MemorySegment.ofArray(new byte[40]);
        ip.wrap(memory, 0, 40).versionClassFlow(0x12, 0x34567).payloadLength(13).nextHeader(IpProtocol.UDP)
                .hopLimit(64).source(0xfd00_0000_0000_0000L, 1).destination(0xfd00_0000_0000_0000L, 0x10);
        assertEquals(Packets.V6_UDP.substring(0, 80), Packets.hex(memory, 0, 40));
    }

    @Test
    void badLengthsAreReported() {
        MemorySegment memory = Packets.segment(Packets.V6_UDP);
        assertFalse(ip.wrap(memory, 0, 39).hasMinimumLength());
        assertFalse(ip.wrap(memory, 0, 52).isPayloadLengthValid(), "payload length 13 past 12 octets");
        assertTrue(ip.wrap(memory, 0, 53).isPayloadLengthValid());
        memory.set(ValueLayout.JAVA_BYTE, 0, (byte) 0x41);
        assertFalse(ip.wrap(memory, 0, 53).hasMinimumLength(), "version 4");
    }

    @Test
    void pseudoHeaderSumMatchesTheHandBuiltChecksums() {
        MemorySegment tcpPacket = Packets.segment(Packets.V6_TCP);
        ip.wrap(tcpPacket, 0, 63);
        TcpHeader tcp = new TcpHeader().wrap(tcpPacket, ip.payloadOffset(), ip.payloadLength());
        assertTrue(tcp.isChecksumValid(ip.pseudoHeaderSum(IpProtocol.TCP, ip.payloadLength())));
        assertFalse(tcp.isChecksumValid(ip.pseudoHeaderSum(IpProtocol.UDP, ip.payloadLength())));
        MemorySegment udpPacket = Packets.segment(Packets.V6_UDP);
        ip.wrap(udpPacket, 0, 53);
        UdpHeader udp = new UdpHeader().wrap(udpPacket, ip.payloadOffset(), ip.payloadLength());
        assertTrue(udp.isChecksumValid(ip.pseudoHeaderSum(IpProtocol.UDP, udp.length())));
    }

    @Test
    void multicastIsFf00Slash8() {
        assertTrue(Ipv6Header.isMulticast(0xff02_0000_0000_0000L));
        assertFalse(Ipv6Header.isMulticast(0xfd00_0000_0000_0000L));
    }
}
