package io.vigil.vrrp.wire;

import static io.vigil.vrrp.wire.Datagrams.GROUP;
import static io.vigil.vrrp.wire.Datagrams.SOURCE;
import static io.vigil.vrrp.wire.Datagrams.VIP1;
import static io.vigil.vrrp.wire.Datagrams.check;
import static io.vigil.vrrp.wire.Datagrams.check6;
import static io.vigil.vrrp.wire.Datagrams.resum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.packet.Ipv4Header;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdvertValidatorTest {

    private final AdvertValidator v3 = new AdvertValidator(IpFamily.IPV4, List.of(Datagrams.v3Ipv4()));
    private final AdvertValidator v2 = new AdvertValidator(IpFamily.IPV4, List.of(Datagrams.v2Pass()));

    @Test
    void acceptsValidAdvertsOfEachKind() {
        assertEquals(VrrpCheck.OK, check(v3, Datagrams.ipv4(Datagrams.v3Ipv4(), 200)));
        assertEquals(200, v3.packet().priority());
        assertEquals(SOURCE, v3.sourceAddress());
        assertEquals(VrrpCheck.OK, check(v2, Datagrams.ipv4(Datagrams.v2Pass(), 100)));
        AdvertValidator v6 = new AdvertValidator(IpFamily.IPV6, List.of(Datagrams.v3Ipv6()));
        assertEquals(VrrpCheck.OK, check6(v6, Datagrams.ipv6(Datagrams.v3Ipv6(), 150), 255));
        assertEquals(Datagrams.SOURCE6, v6.sourceAddress());
    }

    @Test
    void priorityZeroIsAValidAdvert() {
        assertEquals(VrrpCheck.OK, check(v3, Datagrams.ipv4(Datagrams.v3Ipv4(), 0)));
        assertEquals(0, v3.packet().priority());
    }

    @Test
    void ttlMustBe255InMulticastMode() {
        byte[] d = Datagrams.ipv4(Datagrams.v3Ipv4(), 200);
        d[Ipv4Header.TTL_OFFSET] = 64;
        assertEquals(VrrpCheck.BAD_TTL, check(v3, d));
        assertTrue(v3.diagnostic().contains("found 64, expected 255"), v3.diagnostic());
        AdvertValidator v6 = new AdvertValidator(IpFamily.IPV6, List.of(Datagrams.v3Ipv6()));
        assertEquals(VrrpCheck.BAD_TTL, check6(v6, Datagrams.ipv6(Datagrams.v3Ipv6(), 150), 1));
    }

    @Test
    void ttlIsNotCheckedInUnicastMode() {
        AdvertProfile uni = new AdvertProfile(51, 3, IpFamily.IPV4, 100, AuthType.NONE, "", List.of(VIP1),
                ChecksumMode.PSEUDO_HEADER, List.of(SOURCE), true);
        byte[] d = Datagrams.ipv4(uni, 100, SOURCE, Datagrams.ip("198.18.0.2"));
        d[Ipv4Header.TTL_OFFSET] = 60;
        assertEquals(VrrpCheck.OK, check(new AdvertValidator(IpFamily.IPV4, List.of(uni)), d));
    }

    @Test
    void unicastSourceMustBeAPeerWhenChecked() {
        AdvertProfile uni = new AdvertProfile(51, 3, IpFamily.IPV4, 100, AuthType.NONE, "", List.of(VIP1),
                ChecksumMode.PSEUDO_HEADER, List.of(Datagrams.ip("198.18.0.9")), true);
        byte[] d = Datagrams.ipv4(uni, 100, SOURCE, Datagrams.ip("198.18.0.2"));
        assertEquals(VrrpCheck.UNKNOWN_UNICAST_SOURCE, check(new AdvertValidator(IpFamily.IPV4, List.of(uni)), d));
    }

    @Test
    void multicastAdvertOnAUnicastInstanceIsRejected() {
        AdvertProfile uni = new AdvertProfile(51, 3, IpFamily.IPV4, 100, AuthType.NONE, "", List.of(VIP1),
                ChecksumMode.PSEUDO_HEADER, List.of(SOURCE), false);
        assertEquals(VrrpCheck.MULTICAST_UNICAST_MISMATCH,
                check(new AdvertValidator(IpFamily.IPV4, List.of(uni)), Datagrams.ipv4(uni, 100, SOURCE, GROUP)));
    }

    @Test
    void versionTypeAndVridAreChecked() {
        byte[] d = Datagrams.ipv4(Datagrams.v3Ipv4(), 200);
        byte[] wrongVersion = Arrays.copyOf(d, d.length);
        wrongVersion[20] = 0x21;
        // A v2 header with 2 addresses is 8 octets longer than this v3 message.
        assertEquals(VrrpCheck.BAD_LENGTH, check(v3, resum(wrongVersion, Datagrams.v3Ipv4())));
        byte[] v4version = Arrays.copyOf(d, d.length);
        v4version[20] = 0x41;
        assertEquals(VrrpCheck.BAD_VERSION, check(v3, resum(v4version, Datagrams.v3Ipv4())));
        byte[] type = Arrays.copyOf(d, d.length);
        type[20] = 0x32;
        assertEquals(VrrpCheck.BAD_TYPE, check(v3, resum(type, Datagrams.v3Ipv4())));
        byte[] vrid = Arrays.copyOf(d, d.length);
        vrid[21] = 52;
        assertEquals(VrrpCheck.UNKNOWN_VRID, check(v3, resum(vrid, Datagrams.v3Ipv4())));
    }

    @Test
    void checksumIsVerified() {
        byte[] d = Datagrams.ipv4(Datagrams.v3Ipv4(), 200);
        d[27] ^= 1;
        assertEquals(VrrpCheck.BAD_CHECKSUM, check(v3, d));
        byte[] v2d = Datagrams.ipv4(Datagrams.v2Pass(), 100);
        v2d[26] ^= 0x10;
        assertEquals(VrrpCheck.BAD_CHECKSUM, check(v2, v2d));
        byte[] wrongDestination = Datagrams.ipv4(Datagrams.v3Ipv4(), 200, SOURCE, Datagrams.ip("224.0.0.19"));
        wrongDestination[19] = 0x12; // the pseudo-header used .19, the IP header now says .18
        assertEquals(VrrpCheck.BAD_CHECKSUM, check(v3, wrongDestination));
    }

    @Test
    void v3ChecksumAsV2AcceptsEitherForm() {
        AdvertProfile asV2 = new AdvertProfile(51, 3, IpFamily.IPV4, 100, AuthType.NONE, "",
                List.of(VIP1, Datagrams.VIP2), ChecksumMode.V3_AS_V2, List.of(), false);
        AdvertValidator v = new AdvertValidator(IpFamily.IPV4, List.of(asV2));
        assertEquals(VrrpCheck.OK, check(v, Datagrams.ipv4(asV2, 100)));
        assertEquals(VrrpCheck.OK, check(v, Datagrams.ipv4(Datagrams.v3Ipv4(), 100)));
        // An RFC-mode receiver rejects the v2-style checksum.
        assertEquals(VrrpCheck.BAD_CHECKSUM, check(v3, Datagrams.ipv4(asV2, 100)));
    }

    @Test
    void v2AuthenticationAndIntervalAreChecked() {
        AdvertProfile otherPassword = new AdvertProfile(51, 2, IpFamily.IPV4, 100, AuthType.PASS, "Secret",
                List.of(VIP1), ChecksumMode.PSEUDO_HEADER, List.of(), false);
        assertEquals(VrrpCheck.BAD_AUTH_PASSWORD, check(v2, Datagrams.ipv4(otherPassword, 100)));
        AdvertProfile none = new AdvertProfile(51, 2, IpFamily.IPV4, 100, AuthType.NONE, "",
                List.of(VIP1), ChecksumMode.PSEUDO_HEADER, List.of(), false);
        assertEquals(VrrpCheck.AUTH_TYPE_MISMATCH, check(v2, Datagrams.ipv4(none, 100)));
        byte[] d = Datagrams.ipv4(Datagrams.v2Pass(), 100);
        d[24] = 7;
        assertEquals(VrrpCheck.BAD_AUTH_TYPE, check(v2, resum(d, Datagrams.v2Pass())));
        AdvertProfile slow = new AdvertProfile(51, 2, IpFamily.IPV4, 200, AuthType.PASS, "secret",
                List.of(VIP1), ChecksumMode.PSEUDO_HEADER, List.of(), false);
        assertEquals(VrrpCheck.BAD_ADVERT_INTERVAL, check(v2, Datagrams.ipv4(slow, 100)));
        assertTrue(v2.diagnostic().contains("found 2, expected 1"), v2.diagnostic());
    }

    @Test
    void v3IntervalMismatchIsOnlyNoted() {
        AdvertProfile fast = AdvertProfile.multicast(51, 3, IpFamily.IPV4, 10, List.of(VIP1, Datagrams.VIP2));
        assertEquals(VrrpCheck.OK, check(v3, Datagrams.ipv4(fast, 100)));
        assertTrue(v3.advertIntervalMismatch());
        assertEquals(10, v3.packet().maxAdverIntCentis());
    }

    @Test
    void addressListDifferencesAreAcceptedButReported() {
        AdvertProfile one = AdvertProfile.multicast(51, 3, IpFamily.IPV4, 100, List.of(VIP1));
        assertEquals(VrrpCheck.ADDRESS_LIST_MISMATCH, check(v3, Datagrams.ipv4(one, 100)));
        AdvertProfile other = AdvertProfile.multicast(51, 3, IpFamily.IPV4, 100,
                List.of(VIP1, Datagrams.ip("198.18.0.102")));
        assertEquals(VrrpCheck.ADDRESS_LIST_MISMATCH, check(v3, Datagrams.ipv4(other, 100)));
        assertTrue(VrrpCheck.ADDRESS_LIST_MISMATCH.accepted());
        AdvertProfile reversed = AdvertProfile.multicast(51, 3, IpFamily.IPV4, 100, List.of(Datagrams.VIP2, VIP1));
        assertEquals(VrrpCheck.OK, check(v3, Datagrams.ipv4(reversed, 100)));
    }

    @Test
    void lengthRulesTolerateEthernetPaddingOnly() {
        byte[] d = Datagrams.ipv4(Datagrams.v3Ipv4(), 200); // 36 octets: a 46-octet minimum pads 10 more
        assertEquals(VrrpCheck.OK, check(v3, Arrays.copyOf(d, 46)));
        assertEquals(VrrpCheck.BAD_LENGTH, check(v3, Arrays.copyOf(d, 37)));
        assertEquals(VrrpCheck.BAD_LENGTH, check(v3, Arrays.copyOf(d, 35)));
        assertEquals(VrrpCheck.BAD_LENGTH, check(v3, Arrays.copyOf(d, 27)));
        byte[] totalLength = Arrays.copyOf(d, d.length);
        totalLength[3] = 40;
        assertEquals(VrrpCheck.BAD_IP_TOTAL_LENGTH, check(v3, totalLength));
        byte[] count = Arrays.copyOf(d, d.length);
        count[23] = 3;
        assertEquals(VrrpCheck.BAD_LENGTH, check(v3, count));
    }

    @Test
    void ipHeaderProblemsAreReasons() {
        byte[] d = Datagrams.ipv4(Datagrams.v3Ipv4(), 200);
        assertEquals(VrrpCheck.BAD_IP_HEADER, check(v3, Arrays.copyOf(d, 19)));
        byte[] ihl = Arrays.copyOf(d, d.length);
        ihl[0] = 0x4f;
        assertEquals(VrrpCheck.BAD_IP_HEADER, check(v3, ihl));
        byte[] proto = Arrays.copyOf(d, d.length);
        proto[Ipv4Header.PROTOCOL_OFFSET] = 51;
        assertEquals(VrrpCheck.BAD_PROTOCOL, check(v3, proto));
        assertEquals(VrrpCheck.BAD_IP_HEADER, v3.checkIpv4(MemorySegment.ofArray(d), 0, -5));
        assertEquals(VrrpCheck.BAD_IP_HEADER, v3.checkIpv4(MemorySegment.ofArray(d), 500, 36));
    }

    @Test
    void lengthBeyondTheSegmentIsClampedNotThrown() {
        byte[] d = Datagrams.ipv4(Datagrams.v3Ipv4(), 200);
        assertEquals(VrrpCheck.OK, v3.checkIpv4(MemorySegment.ofArray(d), 0, 10_000));
    }

    @Test
    void duplicateVridsAreAConfigurationError() {
        assertFalse(VrrpCheck.BAD_TTL.accepted());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new AdvertValidator(IpFamily.IPV4, List.of(Datagrams.v3Ipv4(), Datagrams.v2Pass())));
    }
}
