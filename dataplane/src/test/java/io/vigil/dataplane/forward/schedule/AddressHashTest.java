package io.vigil.dataplane.forward.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigil.dataplane.forward.AddressWords;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressHashTest {

    @Test
    void anIpv4AddressFoldsToItsNumber() {
        InetAddress a = Fixture.address("198.18.2.7");
        assertEquals(0xC6120207, AddressHash.fold(AddressWords.high(a), AddressWords.low(a)));
    }

    @Test
    void anIpv6AddressFoldsToTheXorOfItsWords() {
        InetAddress a = Fixture.address("fd00:0:0:1::ff");
        // fd000000 ^ 00000001 ^ 00000000 ^ 000000ff
        assertEquals(0xfd0000fe, AddressHash.fold(AddressWords.high(a), AddressWords.low(a)));
    }

    @Test
    void hash32IsTheTopBitsOfTheGoldenRatioProduct() {
        // (0xC6120207 * 0x61C88647) mod 2^32 = 0x98......, computed apart
        assertEquals(0x98, AddressHash.hash32(0xC6120207, 8));
        assertEquals(0, AddressHash.hash32(0, 8));
    }

    @Test
    void onlyTcpUdpAndSctpHaveAPortToHash() {
        assertEquals(40000, AddressHash.sourcePort(Fixture.flow(Fixture.UDP, "198.18.2.1", 40000, "198.18.0.100", 53)));
        assertEquals(40000, AddressHash.sourcePort(Fixture.flow(132, "198.18.2.1", 40000, "198.18.0.100", 53)));
        assertEquals(0, AddressHash.sourcePort(Fixture.flow(Fixture.ICMP, "198.18.2.1", 40000, "198.18.0.100", 0)));
    }

    @Test
    void sipHash24MatchesThePublishedVectorForFourBytes() {
        // SipHash reference vectors (vectors.h): key 00..0f, message 00 01 02 03 -> b7 87 71 27 e0 94 27 cf
        assertEquals(0xcf2794e0277187b7L,
                SipHash.hash4(0x03020100, 0x0706050403020100L, 0x0f0e0d0c0b0a0908L, 2, 4));
    }

    @Test
    void hsiphashIsSipHash13TruncatedTo32Bits() {
        long full = SipHash.hash4(12345, 2654435761L, 2654435761L, 1, 3);
        assertEquals((int) full, SipHash.hsiphash(12345, 2654435761L, 2654435761L));
        assertEquals(false, full == SipHash.hash4(12345, 2654435761L, 2654435761L, 2, 4));
    }
}
