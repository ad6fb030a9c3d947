package io.vigil.vrrp.wire;

import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * Writes the adverts of one virtual router into a caller's preallocated segment (RFC 5798 §5.1, RFC 3768 §5.1).
 *
 * <p>The address words and authentication data are computed once, in the constructor; {@code encode*} allocates
 * nothing. The IP header is the kernel's (no {@code IP_HDRINCL}, ffm-feasibility.md Q1), so only the VRRP message is
 * written. Not thread-safe: one encoder per instance, used by the thread that owns the send socket.
 */
public final class AdvertEncoder {

    private final AdvertProfile profile;
    private final int length;
    private final int[] ipv4Words;
    private final long[] ipv6Words;
    private final long authenticationData;
    private final VrrpPacket packet = new VrrpPacket();

    /** Precomputes the message for {@code profile}. */
    public AdvertEncoder(AdvertProfile profile) {
        this.profile = profile;
        this.length = profile.messageLength();
        List<java.net.InetAddress> vips = profile.virtualAddresses();
        this.ipv4Words = new int[profile.family() == IpFamily.IPV4 ? vips.size() : 0];
        this.ipv6Words = new long[profile.family() == IpFamily.IPV6 ? 2 * vips.size() : 0];
        for (int i = 0; i < vips.size(); i++) {
            if (profile.family() == IpFamily.IPV4) {
                ipv4Words[i] = AddressWords.ipv4(vips.get(i));
            } else {
                ipv6Words[2 * i] = AddressWords.high(vips.get(i));
                ipv6Words[2 * i + 1] = AddressWords.low(vips.get(i));
            }
        }
        this.authenticationData = profile.authenticationData();
    }

    /** The profile this encoder writes. */
    public AdvertProfile profile() {
        return profile;
    }

    /** Octets every advert of this encoder occupies. */
    public int length() {
        return length;
    }

    /**
     * Writes an IPv4 advert with {@code priority} at {@code offset} of {@code out} and returns its length.
     * {@code source} and {@code destination} (big-endian ints) feed the v3 pseudo-header: the address the kernel
     * will put in the IP header and the group or unicast peer the advert is sent to (keepalived.md §2.3, §2.14).
     */
    public int encodeIpv4(MemorySegment out, long offset, int priority, int source, int destination) {
        writeFields(out, offset, priority);
        int checksum = profile.version() == VrrpPacket.VERSION_3 && profile.checksumMode() == ChecksumMode.PSEUDO_HEADER
                ? VrrpChecksum.withIpv4PseudoHeader(out, offset, length, source, destination)
                : VrrpChecksum.ofMessage(out, offset, length);
        packet.checksum(checksum);
        return length;
    }

    /**
     * Writes an IPv6 advert with {@code priority} and returns its length. The checksum covers the IPv6
     * pseudo-header built from the given source and destination; a socket with {@code IPV6_CHECKSUM} overwrites it
     * with the same value.
     */
    public int encodeIpv6(MemorySegment out, long offset, int priority, long sourceHigh, long sourceLow,
                          long destinationHigh, long destinationLow) {
        writeFields(out, offset, priority);
        packet.checksum(VrrpChecksum.withIpv6PseudoHeader(out, offset, length, sourceHigh, sourceLow,
                destinationHigh, destinationLow));
        return length;
    }

    private void writeFields(MemorySegment out, long offset, int priority) {
        if (priority < 0 || priority > 255) {
            throw new IllegalArgumentException("priority " + priority + ", expected 0..255");
        }
        packet.wrap(out, offset, length)
                .versionAndType(profile.version(), VrrpPacket.TYPE_ADVERTISEMENT)
                .virtualRouterId(profile.virtualRouterId())
                .priority(priority)
                .countIpAddrs(profile.virtualAddresses().size())
                .checksum(0);
        if (profile.version() == VrrpPacket.VERSION_2) {
            packet.authType(profile.authType().code()).adverIntSeconds(profile.advertIntervalCentis() / 100);
        } else {
            packet.maxAdverIntCentis(profile.advertIntervalCentis());
        }
        for (int i = 0; i < ipv4Words.length; i++) {
            packet.ipv4Address(i, ipv4Words[i]);
        }
        for (int i = 0; i < ipv6Words.length / 2; i++) {
            packet.ipv6Address(i, ipv6Words[2 * i], ipv6Words[2 * i + 1]);
        }
        if (profile.version() == VrrpPacket.VERSION_2) {
            packet.authenticationData(authenticationData);
        }
    }
}
