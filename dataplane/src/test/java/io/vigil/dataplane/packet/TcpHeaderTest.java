package io.vigil.dataplane.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class TcpHeaderTest {

    private final Ipv4Header ip = new Ipv4Header();
    private final TcpHeader tcp = new TcpHeader();

    @Test
    void readsEveryField() {
        MemorySegment memory = Packets.segment(Packets.V6_TCP);
        tcp.wrap(memory, Ipv6Header.LENGTH, 23);
        assertTrue(tcp.isDataOffsetValid());
        assertEquals(40000, tcp.sourcePort());
        assertEquals(80, tcp.destinationPort());
        assertEquals(0x0a0b0c0d, tcp.sequenceNumber());
        assertEquals(0x11223344, tcp.acknowledgmentNumber());
        assertEquals(20, tcp.dataOffset());
        assertEquals(TcpHeader.SYN | TcpHeader.ACK, tcp.flags());
        assertTrue(tcp.isSyn());
        assertTrue(tcp.isAck());
        assertFalse(tcp.isFin());
        assertFalse(tcp.isRst());
        assertEquals(65535, tcp.window());
        assertEquals(0xfa4b, tcp.checksum());
        assertEquals(0, tcp.urgentPointer());
        assertEquals(Ipv6Header.LENGTH + 20, tcp.payloadOffset());
    }

    @Test
    void writeAndRecomputeProduceTheHandBuiltSegment() {
        MemorySegment memory = Packets.segment(Packets.V4_TCP_SYN);
        MemorySegment.copy(MemorySegment.ofArray(new byte[20]), 0, memory, 20, 20);
        ip.wrap(memory, 0, 40);
        tcp.wrap(memory, 20, 20).write(40000, 80, 0x01020304, 0, TcpHeader.SYN, 64240)
                .recomputeChecksum(ip.pseudoHeaderSum(20));
        assertEquals(Packets.V4_TCP_SYN, Packets.hex(memory, 0, 40));
    }

    @Test
    void finAndRstAreSeen() {
        MemorySegment memory = Packets.segment(Packets.V4_TCP_SYN);
        memory.set(ValueLayout.JAVA_BYTE, 20 + TcpHeader.FLAGS_OFFSET, (byte) (TcpHeader.FIN | TcpHeader.RST));
        tcp.wrap(memory, 20, 20);
        assertTrue(tcp.isFin());
        assertTrue(tcp.isRst());
        assertFalse(tcp.isSyn());
    }

    @Test
    void badDataOffsetsAreReported() {
        MemorySegment memory = Packets.segment(Packets.V4_TCP_SYN);
        assertFalse(tcp.wrap(memory, 20, 19).hasMinimumLength());
        assertFalse(tcp.wrap(memory, 20, 19).isDataOffsetValid());
        memory.set(ValueLayout.JAVA_BYTE, 20 + TcpHeader.DATA_OFFSET_OFFSET, (byte) 0x40);
        assertFalse(tcp.wrap(memory, 20, 20).isDataOffsetValid(), "4 words");
        memory.set(ValueLayout.JAVA_BYTE, 20 + TcpHeader.DATA_OFFSET_OFFSET, (byte) 0x60);
        assertFalse(tcp.wrap(memory, 20, 20).isDataOffsetValid(), "24 octets past 20");
    }

    @Test
    void natRewriteKeepsTheChecksumRight() {
        MemorySegment memory = Packets.segment(Packets.V4_TCP_SYN);
        ip.wrap(memory, 0, 40);
        tcp.wrap(memory, 20, 20);
        int vip = ip.destinationAddress();
        int rip = 0xc6120063;
        ip.destinationAddress(rip);
        tcp.ipv4AddressChanged(vip, rip).destinationPort(8080);
        assertEquals(8080, tcp.destinationPort());
        assertTrue(tcp.isChecksumValid(ip.pseudoHeaderSum(20)));
        assertTrue(ip.isHeaderChecksumValid());
    }
}
