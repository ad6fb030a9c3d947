package io.vigil.dataplane.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class UdpHeaderTest {

    private final Ipv4Header ip = new Ipv4Header();
    private final UdpHeader udp = new UdpHeader();

    @Test
    void readsEveryField() {
        udp.wrap(Packets.segment(Packets.V4_UDP), 20, 13);
        assertTrue(udp.isLengthValid());
        assertEquals(5353, udp.sourcePort());
        assertEquals(53, udp.destinationPort());
        assertEquals(13, udp.length());
        assertEquals(0x1ab4, udp.checksum());
        assertTrue(udp.hasChecksum());
        assertEquals(28, udp.payloadOffset());
    }

    @Test
    void writeAndRecomputeProduceTheHandBuiltDatagram() {
        MemorySegment memory = Packets.segment(Packets.V4_UDP);
        memory.asSlice(20, 8).fill((byte) 0);
        ip.wrap(memory, 0, 33);
        udp.wrap(memory, 20, 13).write(5353, 53, 13).recomputeChecksum(ip.pseudoHeaderSum(13));
        assertEquals(Packets.V4_UDP, Packets.hex(memory, 0, 33));
    }

    @Test
    void badLengthsAreReported() {
        MemorySegment memory = Packets.segment(Packets.V4_UDP);
        assertFalse(udp.wrap(memory, 20, 7).isLengthValid());
        assertFalse(udp.wrap(memory, 20, 12).isLengthValid(), "length 13 past 12 octets");
        memory.set(ValueLayout.JAVA_BYTE, 20 + UdpHeader.LENGTH_OFFSET + 1, (byte) 7);
        assertFalse(udp.wrap(memory, 20, 13).isLengthValid(), "length 7 below the header");
    }

    @Test
    void aZeroChecksumOverIpv4StaysZeroThroughNat() {
        MemorySegment memory = Packets.segment(Packets.V4_UDP);
        ip.wrap(memory, 0, 33);
        udp.wrap(memory, 20, 13).checksum(UdpHeader.NO_CHECKSUM);
        udp.ipv4AddressChanged(ip.destinationAddress(), 0xc6120063).destinationPort(5300).sourcePort(1);
        udp.ipv6AddressChanged(0, 1, 2, 3);
        assertEquals(0, udp.checksum());
        assertFalse(udp.hasChecksum());
        assertEquals(5300, udp.destinationPort());
        assertTrue(udp.isChecksumValid(ip.pseudoHeaderSum(13)), "no checksum: nothing to verify");
    }

    @Test
    void aComputedZeroIsSentAsAllOnes() {
        MemorySegment memory = Packets.segment(Packets.V4_UDP);
        ip.wrap(memory, 0, 33);
        udp.wrap(memory, 20, 13);
        // Raise the source port by the checksum's value: the sum becomes 0xffff, whose complement is zero.
        int port = udp.sourcePort() + udp.checksum();
        udp.checksum(0).write(port, 53, 13).recomputeChecksum(ip.pseudoHeaderSum(13));
        assertEquals(0xffff, udp.checksum());
        assertTrue(udp.isChecksumValid(ip.pseudoHeaderSum(13)));
    }
}
