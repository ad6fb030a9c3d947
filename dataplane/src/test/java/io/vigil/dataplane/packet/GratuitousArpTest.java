package io.vigil.dataplane.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class GratuitousArpTest {

    @Test
    void frameIsABroadcastArpRequestWithSenderAndTargetTheVip() throws Exception {
        MemorySegment frame = MemorySegment.ofArray(new byte[64]);
        int length = new GratuitousArp().write(frame, MacAddress.parse("aa:12:10:c3:1e:9b"),
                (Inet4Address) InetAddress.getByName("198.18.0.100"));
        assertEquals(42, length);
        String expected = "ffffffffffff" + "aa1210c31e9b" + "0806"        // Ethernet: broadcast, our MAC, ARP
                + "0001" + "0800" + "06" + "04" + "0001"                 // Ethernet/IPv4, request
                + "aa1210c31e9b" + "c6120064"                            // sender: our MAC, VIP
                + "ffffffffffff" + "c6120064";                           // target: broadcast, VIP
        assertEquals(expected, HexFormat.of().formatHex(frame.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE)));
    }

    @Test
    void flyweightsReadBackWhatWasWritten() throws Exception {
        MemorySegment frame = MemorySegment.ofArray(new byte[42]);
        MacAddress mac = MacAddress.parse("02:00:00:00:00:01");
        new GratuitousArp().write(frame, mac, (Inet4Address) InetAddress.getByName("198.18.0.1"));
        EthernetFrame ethernet = new EthernetFrame().wrap(frame, 0);
        assertEquals(MacAddress.BROADCAST.bits(), ethernet.destinationMac());
        assertEquals(mac.bits(), ethernet.sourceMac());
        assertEquals(EthernetFrame.TYPE_ARP, ethernet.etherType());
        ArpPacket arp = new ArpPacket().wrap(frame, ethernet.payloadOffset());
        assertEquals(ArpPacket.HTYPE_ETHERNET, arp.hardwareType());
        assertEquals(EthernetFrame.TYPE_IPV4, arp.protocolType());
        assertEquals(6, arp.hardwareLength());
        assertEquals(4, arp.protocolLength());
        assertEquals(ArpPacket.OPER_REQUEST, arp.operation());
        assertEquals(mac, arp.senderHardwareAddress());
        assertEquals(0xC6120001, arp.senderProtocolAddress());
        assertEquals(0xC6120001, arp.targetProtocolAddress());
        assertEquals(MacAddress.BROADCAST, arp.targetHardwareAddress());
    }

    @Test
    void tooSmallBufferIsRejected() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GratuitousArp()
                .write(MemorySegment.ofArray(new byte[41]), MacAddress.ZERO, (Inet4Address) InetAddress.getByName("198.18.0.1")));
        assertEquals("buffer of 41 bytes, a GARP needs 42", e.getMessage());
    }

    @Test
    void macAddressRoundTripsAndRejectsBadText() {
        MacAddress mac = MacAddress.parse("AA:12:10:c3:1e:9B");
        assertEquals("aa:12:10:c3:1e:9b", mac.toString());
        assertEquals(0xaa1210c31e9bL, mac.bits());
        assertArrayEquals(new byte[] {(byte) 0xaa, 0x12, 0x10, (byte) 0xc3, 0x1e, (byte) 0x9b}, mac.toBytes());
        assertEquals(mac, MacAddress.of(mac.toBytes()));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("aa:12:10:c3:1e"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("aa:12:10:c3:1e:zz"));
        assertEquals("MAC address 'aa:12:10:c3:1e:zz' has 'zz', expected two hex digits", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MacAddress(1L << 48));
    }
}
