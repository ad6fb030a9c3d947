package io.vigil.vrrp.wire;

import io.vigil.dataplane.packet.InternetChecksum;
import java.lang.foreign.MemorySegment;

/**
 * The three VRRP checksum forms (keepalived.md §2.3). Each method sums a whole message as it is: over a message whose
 * Checksum field is zero it returns the value to store; over a message carrying a correct checksum it returns 0.
 * Stateless, allocation-free.
 */
public final class VrrpChecksum {

    private VrrpChecksum() {
    }

    /**
     * VRRPv2 (RFC 3768 §5.3.8), and VRRPv3 with {@link ChecksumMode#V3_AS_V2}: over the VRRP message only, from
     * the version octet through the end (the v2 authentication data included).
     */
    public static int ofMessage(MemorySegment segment, long offset, int length) {
        return InternetChecksum.compute(segment, offset, length);
    }

    /**
     * VRRPv3 over IPv4 (RFC 5798 §5.2.8): the RFC 768 pseudo-header (source, destination, zero, protocol 112, VRRP
     * length) then the message. {@code destination} is the actual IP destination: the group, or the unicast peer.
     */
    public static int withIpv4PseudoHeader(MemorySegment segment, long offset, int length, int source,
                                           int destination) {
        long sum = InternetChecksum.accumulate(0, source);
        sum = InternetChecksum.accumulate(sum, destination);
        sum += VrrpPacket.IP_PROTOCOL + length;
        return InternetChecksum.finish(InternetChecksum.accumulate(sum, segment, offset, length));
    }

    /**
     * VRRPv3 over IPv6 (RFC 5798 §5.2.8, RFC 8200 §8.1): source, destination, 32-bit upper-layer length, 24 zero
     * bits, next header 112, then the message. On Linux the kernel fills and verifies this ({@code IPV6_CHECKSUM}).
     */
    public static int withIpv6PseudoHeader(MemorySegment segment, long offset, int length, long sourceHigh,
                                           long sourceLow, long destinationHigh, long destinationLow) {
        long sum = InternetChecksum.accumulate(0, sourceHigh);
        sum = InternetChecksum.accumulate(sum, sourceLow);
        sum = InternetChecksum.accumulate(sum, destinationHigh);
        sum = InternetChecksum.accumulate(sum, destinationLow);
        sum = InternetChecksum.accumulate(sum, length);
        sum += VrrpPacket.IP_PROTOCOL;
        return InternetChecksum.finish(InternetChecksum.accumulate(sum, segment, offset, length));
    }
}
