package io.vigil.vrrp.wire;

import io.vigil.dataplane.packet.Ipv4Header;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/** Test fixtures: addresses, profiles and encoded adverts, as raw sockets would deliver them. */
final class Datagrams {

    static final InetAddress SOURCE = ip("198.18.0.1");
    static final InetAddress GROUP = ip("224.0.0.18");
    static final InetAddress VIP1 = ip("198.18.0.100");
    static final InetAddress VIP2 = ip("198.18.0.101");
    static final InetAddress SOURCE6 = ip("fe80::1");
    static final InetAddress GROUP6 = ip("ff02::12");
    static final InetAddress VIP6 = ip("fe80::100");

    private Datagrams() {
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    static AdvertProfile v3Ipv4() {
        return AdvertProfile.multicast(51, 3, IpFamily.IPV4, 100, List.of(VIP1, VIP2));
    }

    static AdvertProfile v2Pass() {
        return new AdvertProfile(51, 2, IpFamily.IPV4, 100, AuthType.PASS, "secret", List.of(VIP1),
                ChecksumMode.PSEUDO_HEADER, List.of(), false);
    }

    static AdvertProfile v3Ipv6() {
        return AdvertProfile.multicast(7, 3, IpFamily.IPV6, 100, List.of(VIP6));
    }

    /** An IPv4 datagram (20-octet header, TTL 255) carrying an advert of {@code profile}. */
    static byte[] ipv4(AdvertProfile profile, int priority, InetAddress source, InetAddress destination) {
        int vrrpLength = profile.messageLength();
        byte[] bytes = new byte[Ipv4Header.MIN_LENGTH + vrrpLength];
        MemorySegment seg = MemorySegment.ofArray(bytes);
        int src = AddressWords.ipv4(source);
        int dst = AddressWords.ipv4(destination);
        new Ipv4Header().wrap(seg, 0, bytes.length).write(0xc0, bytes.length, 0, 0, VrrpPacket.TTL, VrrpPacket.IP_PROTOCOL, src, dst);
        new AdvertEncoder(profile).encodeIpv4(seg, Ipv4Header.MIN_LENGTH, priority, src, dst);
        return bytes;
    }

    static byte[] ipv4(AdvertProfile profile, int priority) {
        return ipv4(profile, priority, SOURCE, GROUP);
    }

    /** The VRRP payload of an IPv6 advert from {@link #SOURCE6} to {@link #GROUP6}. */
    static byte[] ipv6(AdvertProfile profile, int priority) {
        byte[] bytes = new byte[profile.messageLength()];
        new AdvertEncoder(profile).encodeIpv6(MemorySegment.ofArray(bytes), 0, priority,
                AddressWords.high(SOURCE6), AddressWords.low(SOURCE6),
                AddressWords.high(GROUP6), AddressWords.low(GROUP6));
        return bytes;
    }

    static VrrpCheck check(AdvertValidator v, byte[] datagram) {
        return v.checkIpv4(MemorySegment.ofArray(datagram), 0, datagram.length);
    }

    static VrrpCheck check6(AdvertValidator v, byte[] payload, int hopLimit) {
        return v.checkIpv6(MemorySegment.ofArray(payload), 0, payload.length, hopLimit,
                AddressWords.high(SOURCE6), AddressWords.low(SOURCE6),
                AddressWords.high(GROUP6), AddressWords.low(GROUP6));
    }

    /** Recomputes the VRRP checksum of an IPv4 datagram after a test changed a field. */
    static byte[] resum(byte[] datagram, AdvertProfile profile) {
        byte[] copy = Arrays.copyOf(datagram, datagram.length);
        MemorySegment seg = MemorySegment.ofArray(copy);
        Ipv4Header ip = new Ipv4Header().wrap(seg, 0, copy.length);
        int len = copy.length - Ipv4Header.MIN_LENGTH;
        VrrpPacket p = new VrrpPacket().wrap(seg, Ipv4Header.MIN_LENGTH, len).checksum(0);
        int sum = p.version() == 3 && profile.checksumMode() == ChecksumMode.PSEUDO_HEADER
                ? VrrpChecksum.withIpv4PseudoHeader(seg, Ipv4Header.MIN_LENGTH, len, ip.sourceAddress(),
                        ip.destinationAddress())
                : VrrpChecksum.ofMessage(seg, Ipv4Header.MIN_LENGTH, len);
        p.checksum(sum);
        return copy;
    }
}
