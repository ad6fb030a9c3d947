package io.vigil.vrrp.wire;

import static io.vigil.vrrp.wire.Datagrams.GROUP;
import static io.vigil.vrrp.wire.Datagrams.SOURCE;
import static io.vigil.vrrp.wire.Datagrams.VIP1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vigil.dataplane.packet.Ipv4Header;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Known answers computed independently (Python, RFC 1071 over the same octets). */
class AdvertEncoderTest {

    private static byte[] vrrpOf(byte[] datagram) {
        return Arrays.copyOfRange(datagram, Ipv4Header.MIN_LENGTH, datagram.length);
    }

    @Test
    void v2WithPassword() {
        byte[] vrrp = vrrpOf(Datagrams.ipv4(Datagrams.v2Pass(), 100));
        // ver 2 type 1, VRID 51, prio 100, 1 address, auth PASS, 1 s, checksum, 198.18.0.100, "secret\0\0"
        assertArrayEquals(HexFormat.of().parseHex("2133640101017707c6120064" + "7365637265740000"), vrrp);
    }

    @Test
    void v3Ipv4WithPseudoHeader() {
        byte[] vrrp = vrrpOf(Datagrams.ipv4(Datagrams.v3Ipv4(), 200));
        assertArrayEquals(HexFormat.of().parseHex("3133c8020064d2d0c6120064c6120065"), vrrp);
    }

    @Test
    void v3ChecksumAsV2LeavesThePseudoHeaderOut() {
        AdvertProfile p = new AdvertProfile(51, 3, IpFamily.IPV4, 100, AuthType.NONE, "",
                List.of(VIP1, Datagrams.VIP2), ChecksumMode.V3_AS_V2, List.of(), false);
        byte[] vrrp = vrrpOf(Datagrams.ipv4(p, 200));
        assertEquals(0x7977, ((vrrp[6] & 0xff) << 8) | (vrrp[7] & 0xff));
    }

    @Test
    void v3Ipv6() {
        byte[] vrrp = Datagrams.ipv6(Datagrams.v3Ipv6(), 150);
        assertArrayEquals(HexFormat.of().parseHex("310796010064" + "3af3" + "fe800000000000000000000000000100"), vrrp);
    }

    @Test
    void flyweightReadsBackWhatTheEncoderWrote() {
        byte[] datagram = Datagrams.ipv4(Datagrams.v3Ipv4(), 254);
        VrrpPacket p = new VrrpPacket().wrap(MemorySegment.ofArray(datagram), 20, datagram.length - 20);
        assertEquals(3, p.version());
        assertEquals(1, p.type());
        assertEquals(51, p.virtualRouterId());
        assertEquals(254, p.priority());
        assertEquals(2, p.countIpAddrs());
        assertEquals(100, p.maxAdverIntCentis());
        assertEquals(100, p.advertIntervalCentis());
        assertEquals(0xc6120065, p.ipv4Address(1));
        assertEquals(16, p.expectedLength(IpFamily.IPV4));
        Ipv4Header ip = new Ipv4Header().wrap(MemorySegment.ofArray(datagram), 0, datagram.length);
        assertEquals(AddressWords.ipv4(SOURCE), ip.sourceAddress());
        assertEquals(AddressWords.ipv4(GROUP), ip.destinationAddress());
        assertEquals(36, ip.totalLength());
    }

    @Test
    void encodingTheSameAdvertTwiceGivesTheSameBytes() {
        AdvertEncoder enc = new AdvertEncoder(Datagrams.v3Ipv4());
        MemorySegment buf = MemorySegment.ofArray(new byte[64]);
        enc.encodeIpv4(buf, 8, 100, 1, 2);
        byte[] first = buf.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        buf.fill((byte) 0x5a);
        buf.asSlice(0, 8).fill((byte) 0);
        buf.asSlice(8 + enc.length()).fill((byte) 0);
        enc.encodeIpv4(buf, 8, 100, 1, 2);
        assertArrayEquals(first, buf.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
    }

    @Test
    void profileRejectsImpossibleCombinations() {
        assertThrows(IllegalArgumentException.class,
                () -> AdvertProfile.multicast(1, 2, IpFamily.IPV6, 100, List.of(Datagrams.VIP6)));
        assertThrows(IllegalArgumentException.class,
                () -> AdvertProfile.multicast(1, 2, IpFamily.IPV4, 150, List.of(VIP1)));
        assertThrows(IllegalArgumentException.class,
                () -> AdvertProfile.multicast(0, 3, IpFamily.IPV4, 100, List.of(VIP1)));
        assertThrows(IllegalArgumentException.class,
                () -> AdvertProfile.multicast(1, 3, IpFamily.IPV4, 100, List.of(Datagrams.VIP6)));
        assertThrows(IllegalArgumentException.class, () -> new AdvertProfile(1, 3, IpFamily.IPV4, 100,
                AuthType.PASS, "x", List.of(VIP1), ChecksumMode.PSEUDO_HEADER, List.of(), false));
    }
}
