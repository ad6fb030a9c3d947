package io.vigil.dataplane.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class EthernetFrameTest {

    private static final String UNTAGGED = "020000000002" + "020000000001" + "0800" + "45";
    private static final String TAGGED = "020000000002" + "020000000001" + "8100" + "a064" + "86dd" + "60";

    @Test
    void readsMacsAsLongsAndTheEtherType() {
        EthernetFrame frame = new EthernetFrame().wrap(Packets.segment(UNTAGGED), 0, 15);
        assertTrue(frame.hasHeader());
        assertEquals(0x02_00_00_00_00_02L, frame.destinationMac());
        assertEquals(0x02_00_00_00_00_01L, frame.sourceMac());
        assertEquals(EthernetFrame.TYPE_IPV4, frame.etherType());
        assertFalse(frame.isTagged());
        assertEquals(-1, frame.vlanId());
        assertEquals(EthernetFrame.TYPE_IPV4, frame.payloadType());
        assertEquals(14, frame.payloadOffset());
        assertEquals(1, frame.payloadLength());
    }

    @Test
    void skipsOneVlanTag() {
        EthernetFrame frame = new EthernetFrame().wrap(Packets.segment(4, TAGGED), 4, 19);
        assertTrue(frame.isTagged());
        assertEquals(EthernetFrame.TYPE_VLAN, frame.etherType());
        assertEquals(100, frame.vlanId());
        assertEquals(EthernetFrame.TYPE_IPV6, frame.payloadType());
        assertEquals(4 + 18, frame.payloadOffset());
        assertEquals(1, frame.payloadLength());
        assertEquals(0x02_00_00_00_00_01L, frame.sourceMac());
    }

    @Test
    void writesMacsInWireOrder() {
        MemorySegment memory = MemorySegment.ofArray(new byte[16]);
        new EthernetFrame().wrap(memory, 1, 14).destinationMac(0xa1_b2_c3_d4_e5_f6L).sourceMac(0x0102_0304_0506L)
                .etherType(EthernetFrame.TYPE_ARP);
        assertEquals("00" + "a1b2c3d4e5f6" + "010203040506" + "0806" + "00", Packets.hex(memory, 0, 16));
        EthernetFrame back = new EthernetFrame().wrap(memory, 1, 14);
        assertEquals(0xa1_b2_c3_d4_e5_f6L, back.destinationMac());
        back.source(MacAddress.parse("ff:ee:dd:cc:bb:aa"));
        assertEquals(0xff_ee_dd_cc_bb_aaL, back.sourceMac());
    }

    @Test
    void tooShortForItsHeaderIsReported() {
        assertFalse(new EthernetFrame().wrap(Packets.segment(UNTAGGED), 0, 13).hasHeader());
        assertFalse(new EthernetFrame().wrap(Packets.segment(TAGGED), 0, 17).hasHeader(), "tag needs 18 octets");
        assertTrue(new EthernetFrame().wrap(Packets.segment(TAGGED), 0, 18).hasHeader());
    }
}
