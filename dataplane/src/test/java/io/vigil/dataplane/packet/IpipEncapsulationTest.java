package io.vigil.dataplane.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class IpipEncapsulationTest {

    private static final int DIRECTOR = 0xc6120002;
    private static final int REAL_SERVER = 0xc6130003;

    private final Ipv4Header outer = new Ipv4Header();

    @Test
    void writesTheOuterHeaderInFrontOfTheInnerDatagram() {
        MemorySegment buffer = Packets.segment(20, Packets.V4_TCP_SYN);
        buffer.set(ValueLayout.JAVA_BYTE, 20 + 1, (byte) 0x28);     // inner TOS AF11
        int length = new IpipEncapsulation(32, 0x1234).writeOuterHeader(buffer, 0, 40, DIRECTOR, REAL_SERVER);
        assertEquals(60, length);
        outer.wrap(buffer, 0, 60);
        assertTrue(outer.isTotalLengthValid());
        assertTrue(outer.isHeaderChecksumValid());
        assertEquals(IpProtocol.IPIP, outer.protocol());
        assertEquals(60, outer.totalLength());
        assertEquals(0x28, outer.typeOfService(), "TOS copied, RFC 2003 §3.1");
        assertTrue(outer.dontFragment(), "DF copied from the inner header");
        assertEquals(32, outer.timeToLive());
        assertEquals(0x1234, outer.identification());
        assertEquals(DIRECTOR, outer.sourceAddress());
        assertEquals(REAL_SERVER, outer.destinationAddress());
        assertEquals(Packets.V4_TCP_SYN.substring(0, 2) + "28" + Packets.V4_TCP_SYN.substring(4),
                Packets.hex(buffer, 20, 40), "inner datagram untouched");
    }

    @Test
    void copiesTheInnerDatagramAndItsTtlWithoutDf() {
        MemorySegment inner = Packets.segment(Packets.V4_UDP);
        MemorySegment buffer = MemorySegment.ofArray(new byte[14 + 20 + 33]);
        IpipEncapsulation ipip = new IpipEncapsulation(IpipEncapsulation.COPY_INNER_TTL, 7);
        assertEquals(53, ipip.encapsulate(inner, 0, 33, buffer, 14, DIRECTOR, REAL_SERVER));
        outer.wrap(buffer, 14, 53);
        assertFalse(outer.dontFragment());
        assertEquals(64, outer.timeToLive());
        assertEquals(7, outer.identification());
        assertEquals(Packets.V4_UDP, Packets.hex(buffer, 34, 33));
        assertEquals(53, ipip.encapsulate(inner, 0, 33, buffer, 14, DIRECTOR, REAL_SERVER));
        assertEquals(8, outer.identification(), "a fresh identification per datagram");
    }

    @Test
    void refusesWhatIsNotAWholeIpv4Datagram() {
        IpipEncapsulation ipip = new IpipEncapsulation(64, 0);
        MemorySegment buffer = MemorySegment.ofArray(new byte[100]);
        assertEquals(IpipEncapsulation.NOT_IPV4,
                ipip.encapsulate(Packets.segment(Packets.V6_UDP), 0, 53, buffer, 0, DIRECTOR, REAL_SERVER));
        assertEquals(IpipEncapsulation.NOT_IPV4,
                ipip.encapsulate(Packets.segment(Packets.V4_UDP), 0, 30, buffer, 0, DIRECTOR, REAL_SERVER),
                "total length 33 past 30 octets");
        assertEquals(IpipEncapsulation.TOO_LONG,
                ipip.encapsulate(Packets.segment(Packets.V4_UDP), 0, 33, buffer, 50, DIRECTOR, REAL_SERVER));
        assertEquals(IpipEncapsulation.TOO_LONG, ipip.writeOuterHeader(buffer, 0, 65_516, DIRECTOR, REAL_SERVER));
    }

    @Test
    void innerMtuLeavesRoomForTheOuterHeader() {
        assertEquals(1480, IpipEncapsulation.innerMtu(1500));
        assertThrows(IllegalArgumentException.class, () -> new IpipEncapsulation(256, 0));
    }
}
