package io.vigil.dataplane.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class Ipv4HeaderTest {

    private final Ipv4Header ip = new Ipv4Header();

    @Test
    void readsEveryField() {
        MemorySegment memory = Packets.segment(Packets.V4_TCP_SYN);
        ip.wrap(memory, 0, 40);
        assertTrue(ip.isTotalLengthValid());
        assertEquals(4, ip.version());
        assertEquals(20, ip.headerLength());
        assertFalse(ip.hasOptions());
        assertEquals(0, ip.typeOfService());
        assertEquals(40, ip.totalLength());
        assertEquals(0x1c46, ip.identification());
        assertTrue(ip.dontFragment());
        assertFalse(ip.moreFragments());
        assertEquals(0, ip.fragmentOffset());
        assertFalse(ip.isFragment());
        assertEquals(64, ip.timeToLive());
        assertEquals(IpProtocol.TCP, ip.protocol());
        assertEquals(0x925a, ip.headerChecksum());
        assertEquals(0xc6120001, ip.sourceAddress());
        assertEquals(0xc612000a, ip.destinationAddress());
        assertEquals(20, ip.payloadOffset());
        assertEquals(20, ip.payloadLength());
        assertTrue(ip.isHeaderChecksumValid());
    }

    @Test
    void writeProducesTheHandBuiltHeader() {
        MemorySegment memory = MemorySegment.ofArray(new byte[20]);
        ip.wrap(memory, 0, 20).write(0, 40, 0x1c46, Ipv4Header.FLAG_DONT_FRAGMENT, 64, IpProtocol.TCP,
                0xc6120001, 0xc612000a);
        assertEquals(Packets.V4_TCP_SYN.substring(0, 40), Packets.hex(memory, 0, 20));
    }

    @Test
    void recomputeRestoresAZeroedChecksum() {
        ip.wrap(Packets.segment(Packets.V4_UDP), 0, 33).headerChecksum(0);
        assertFalse(ip.isHeaderChecksumValid());
        assertEquals(0xd256, ip.recomputeHeaderChecksum().headerChecksum());
    }

    @Test
    void fragmentsAreRecognisedByMoreFragmentsOrOffset() {
        MemorySegment memory = Packets.segment(Packets.V4_UDP);
        ip.wrap(memory, 0, 33);
        assertFalse(ip.isFragment());
        memory.set(ValueLayout.JAVA_BYTE, Ipv4Header.FLAGS_FRAGMENT_OFFSET, (byte) 0x20);
        assertTrue(ip.moreFragments());
        assertTrue(ip.isFragment(), "first fragment: MF set, offset 0");
        memory.set(ValueLayout.JAVA_BYTE, Ipv4Header.FLAGS_FRAGMENT_OFFSET, (byte) 0x40);
        memory.set(ValueLayout.JAVA_BYTE, Ipv4Header.FLAGS_FRAGMENT_OFFSET + 1, (byte) 0x01);
        assertEquals(1, ip.fragmentOffset());
        assertTrue(ip.isFragment(), "last fragment: offset 8 octets, DF bit does not count");
    }

    @Test
    void badLengthsAreReported() {
        MemorySegment memory = Packets.segment(Packets.V4_TCP_SYN);
        assertFalse(ip.wrap(memory, 0, 19).hasMinimumLength());
        assertFalse(ip.wrap(memory, 0, 19).isHeaderLengthValid());
        assertFalse(ip.wrap(memory, 0, 39).isTotalLengthValid(), "total length 40 past 39 octets");
        assertTrue(ip.wrap(memory, 0, 40).isTotalLengthValid());
        memory.set(ValueLayout.JAVA_BYTE, 0, (byte) 0x44);
        assertFalse(ip.wrap(memory, 0, 40).isHeaderLengthValid(), "IHL 4 words");
        memory.set(ValueLayout.JAVA_BYTE, 0, (byte) 0x4f);
        assertFalse(ip.wrap(memory, 0, 40).isHeaderLengthValid(), "IHL 60 octets past 40");
        memory.set(ValueLayout.JAVA_BYTE, 0, (byte) 0x46);
        assertTrue(ip.wrap(memory, 0, 40).isHeaderLengthValid());
        assertTrue(ip.hasOptions());
        assertEquals(24, ip.payloadOffset());
        memory.set(ValueLayout.JAVA_BYTE, 0, (byte) 0x65);
        assertFalse(ip.wrap(memory, 0, 40).isHeaderLengthValid(), "version 6");
        memory.set(ValueLayout.JAVA_BYTE, 0, (byte) 0x45);
        memory.set(ValueLayout.JAVA_BYTE, Ipv4Header.TOTAL_LENGTH_OFFSET + 1, (byte) 19);
        assertFalse(ip.wrap(memory, 0, 40).isTotalLengthValid(), "total length 19 below the header");
    }

    @Test
    void settersKeepTheChecksumRight() {
        ip.wrap(Packets.segment(Packets.V4_TCP_SYN), 0, 40);
        ip.sourceAddress(0xc6130005).destinationAddress(0xc6120063).timeToLive(63).totalLength(1500);
        assertEquals(0xc6130005, ip.sourceAddress());
        assertEquals(0xc6120063, ip.destinationAddress());
        assertEquals(63, ip.timeToLive());
        assertEquals(IpProtocol.TCP, ip.protocol(), "TTL shares a word with Protocol");
        assertEquals(1500, ip.totalLength());
        assertTrue(ip.isHeaderChecksumValid());
    }

    @Test
    void pseudoHeaderSumMatchesTheHandBuiltTcpChecksum() {
        MemorySegment memory = Packets.segment(Packets.V4_TCP_SYN);
        ip.wrap(memory, 0, 40);
        TcpHeader tcp = new TcpHeader().wrap(memory, ip.payloadOffset(), ip.payloadLength());
        assertTrue(tcp.isChecksumValid(ip.pseudoHeaderSum(ip.payloadLength())));
        assertFalse(tcp.isChecksumValid(ip.pseudoHeaderSum(ip.payloadLength() + 1)));
    }
}
