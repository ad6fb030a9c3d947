package io.vigil.vrrp.wire;

import io.vigil.dataplane.packet.Ipv4Header;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.util.List;

/**
 * Receive-side validation of VRRP adverts for the virtual routers of one socket, in keepalived's order
 * ({@code vrrp_check_packet}, keepalived.md §2.13; RFC 5798 §7.1, RFC 3768 §7.1).
 *
 * <p>Two entry points match what raw sockets deliver: {@link #checkIpv4} takes the datagram <em>with</em> its IPv4
 * header; {@link #checkIpv6} takes the VRRP payload and the hop limit, source and destination from ancillary data.
 * Both return a {@link VrrpCheck} and never throw, whatever the bytes. After a call, the accessors describe that
 * packet: {@link #packet()} (valid to read when the check is {@link VrrpCheck#accepted()}), {@link #profile()},
 * {@link #sourceAddress()}, and {@link #diagnostic()} for a log line.
 *
 * <p>Not thread-safe: one validator per receive socket, used by the thread that reads it. Allocation-free except
 * {@link #sourceAddress()} and {@link #diagnostic()}.
 */
public final class AdvertValidator {

    /** Ethernet minimum payload, ETH_ZLEN 60 − ETH_HLEN 14: shorter frames arrive padded (vrrp.c L1000-1030). */
    private static final int ETHERNET_MIN_PAYLOAD = 46;
    /** VLAN tag length: padding can only be checked modulo this (vrrp.c L1000-1030). */
    private static final int VLAN_TAG_LENGTH = 4;

    private final IpFamily family;
    private final Expectation[] byVrid = new Expectation[256];
    private final Ipv4Header ip = new Ipv4Header();
    private final VrrpPacket packet = new VrrpPacket();

    private Expectation matched;
    private VrrpCheck last = VrrpCheck.OK;
    private long found;
    private long expected;
    private int where;
    private int hopLimit;
    private int sourceIpv4;
    private int destinationIpv4;
    private long sourceHigh;
    private long sourceLow;
    private long destinationHigh;
    private boolean intervalMismatch;

    /**
     * A validator for {@code family} adverts of the given virtual routers.
     *
     * @throws IllegalArgumentException if two profiles share a VRID or a profile is of another family
     */
    public AdvertValidator(IpFamily family, List<AdvertProfile> profiles) {
        this.family = family;
        for (AdvertProfile p : profiles) {
            if (p.family() != family) {
                throw new IllegalArgumentException("VRID " + p.virtualRouterId() + " is " + p.family()
                        + ", this validator is " + family);
            }
            if (byVrid[p.virtualRouterId()] != null) {
                throw new IllegalArgumentException("VRID " + p.virtualRouterId() + " configured twice");
            }
            byVrid[p.virtualRouterId()] = new Expectation(p);
        }
    }

    /**
     * Validates an IPv4 datagram as a raw {@code AF_INET} socket delivers it: IPv4 header, then VRRP.
     *
     * @param datagram segment holding the datagram
     * @param offset   offset of the IPv4 header
     * @param length   octets received
     */
    public VrrpCheck checkIpv4(MemorySegment datagram, long offset, int length) {
        reset();
        if (family != IpFamily.IPV4) {
            return reject(VrrpCheck.BAD_IP_HEADER, 4, 6, 0);
        }
        int received = available(datagram, offset, length);
        if (received < Ipv4Header.MIN_LENGTH) {
            return reject(VrrpCheck.BAD_IP_HEADER, received, Ipv4Header.MIN_LENGTH, 0);
        }
        ip.wrap(datagram, offset, received);
        if (ip.version() != 4) {
            return reject(VrrpCheck.BAD_IP_HEADER, ip.version(), 4, Ipv4Header.VERSION_IHL_OFFSET);
        }
        int ihl = ip.headerLength();
        if (ihl < Ipv4Header.MIN_LENGTH || ihl > received) {
            return reject(VrrpCheck.BAD_IP_HEADER, ihl, Ipv4Header.MIN_LENGTH, Ipv4Header.VERSION_IHL_OFFSET);
        }
        if (ip.protocol() != VrrpPacket.IP_PROTOCOL) {
            return reject(VrrpCheck.BAD_PROTOCOL, ip.protocol(), VrrpPacket.IP_PROTOCOL, Ipv4Header.PROTOCOL_OFFSET);
        }
        hopLimit = ip.timeToLive();
        sourceIpv4 = ip.sourceAddress();
        destinationIpv4 = ip.destinationAddress();
        VrrpCheck header = checkHeader(datagram, offset + ihl, received - ihl, ihl);
        if (header != null) {
            return header;
        }
        int totalLength = ip.totalLength();
        if (totalLength != received && !paddingTolerated(totalLength, received)) {
            return reject(VrrpCheck.BAD_IP_TOTAL_LENGTH, totalLength, received, Ipv4Header.TOTAL_LENGTH_OFFSET);
        }
        int len = packet.length();
        int sum;
        if (packet.version() == VrrpPacket.VERSION_2) {
            sum = VrrpChecksum.ofMessage(datagram, packet.offset(), len);
        } else {
            sum = VrrpChecksum.withIpv4PseudoHeader(datagram, packet.offset(), len, sourceIpv4, destinationIpv4);
            if (sum != 0 && matched.profile.checksumMode() == ChecksumMode.V3_AS_V2) {
                sum = VrrpChecksum.ofMessage(datagram, packet.offset(), len);
            }
        }
        if (sum != 0) {
            return reject(VrrpCheck.BAD_CHECKSUM, packet.checksum(), 0, ihl + VrrpPacket.CHECKSUM_OFFSET);
        }
        if (Ipv4Header.isMulticast(destinationIpv4) == matched.profile.unicast()) {
            return reject(VrrpCheck.MULTICAST_UNICAST_MISMATCH, destinationIpv4, matched.profile.unicast() ? 0 : 1,
                    Ipv4Header.DESTINATION_OFFSET);
        }
        return checkAddresses(ihl);
    }

    /**
     * Validates the VRRP payload of an IPv6 packet as a raw {@code AF_INET6} socket delivers it (no IPv6 header).
     *
     * @param hopLimit the received hop limit ({@code IPV6_HOPLIMIT} ancillary data), or -1 if unknown
     */
    public VrrpCheck checkIpv6(MemorySegment payload, long offset, int length, int hopLimit, long sourceHigh,
                               long sourceLow, long destinationHigh, long destinationLow) {
        reset();
        if (family != IpFamily.IPV6) {
            return reject(VrrpCheck.BAD_IP_HEADER, 6, 4, 0);
        }
        this.hopLimit = hopLimit;
        this.sourceHigh = sourceHigh;
        this.sourceLow = sourceLow;
        this.destinationHigh = destinationHigh;
        VrrpCheck header = checkHeader(payload, offset, available(payload, offset, length), 0);
        if (header != null) {
            return header;
        }
        if (VrrpChecksum.withIpv6PseudoHeader(payload, packet.offset(), packet.length(), sourceHigh, sourceLow,
                destinationHigh, destinationLow) != 0) {
            return reject(VrrpCheck.BAD_CHECKSUM, packet.checksum(), 0, VrrpPacket.CHECKSUM_OFFSET);
        }
        boolean multicast = (destinationHigh >>> 56) == 0xff;
        if (multicast == matched.profile.unicast()) {
            return reject(VrrpCheck.MULTICAST_UNICAST_MISMATCH, multicast ? 1 : 0, multicast ? 0 : 1, -1);
        }
        return checkAddresses(0);
    }

    /** The VRRP message of the last packet, trimmed to its own length (Ethernet padding excluded). */
    public VrrpPacket packet() {
        return packet;
    }

    /** The profile whose VRID the last packet carried, or null if none matched. */
    public AdvertProfile profile() {
        return matched == null ? null : matched.profile;
    }

    /** Outcome of the last check. */
    public VrrpCheck lastCheck() {
        return last;
    }

    /** TTL or hop limit of the last packet (-1 if unknown). */
    public int timeToLive() {
        return hopLimit;
    }

    /** True if the last v3 advert carried another interval than ours: logged only (RFC 5798 §7.1 SHOULD). */
    public boolean advertIntervalMismatch() {
        return intervalMismatch;
    }

    /** The source address of the last packet. Allocates; call it for accepted adverts, not per rejected packet. */
    public InetAddress sourceAddress() {
        return family == IpFamily.IPV4 ? AddressWords.ipv4(sourceIpv4) : AddressWords.ipv6(sourceHigh, sourceLow);
    }

    /** The source address of the last packet as a word: the IPv4 address, or the first eight octets of IPv6. */
    public long sourceHigh() {
        return family == IpFamily.IPV4 ? sourceIpv4 : sourceHigh;
    }

    /** The last eight octets of the last packet's IPv6 source address; 0 for IPv4. */
    public long sourceLow() {
        return family == IpFamily.IPV4 ? 0 : sourceLow;
    }

    /** A log line for the last outcome: what was found, what was expected, and at which octet. Allocates. */
    public String diagnostic() {
        String vrid = matched == null ? "" : " (VRID " + matched.profile.virtualRouterId() + ")";
        if (last.accepted() && last != VrrpCheck.ADDRESS_LIST_MISMATCH) {
            return last.meaning() + vrid;
        }
        return last + ": " + last.meaning() + vrid + "; found " + found + ", expected " + expected
                + (where >= 0 ? " at octet " + where : "");
    }

    private VrrpCheck checkHeader(MemorySegment seg, long vrrpOffset, int vrrpLength, int ipHeaderLength) {
        if (vrrpLength < VrrpPacket.MIN_LENGTH) {
            return reject(VrrpCheck.BAD_LENGTH, vrrpLength, VrrpPacket.MIN_LENGTH, ipHeaderLength);
        }
        packet.wrap(seg, vrrpOffset, vrrpLength);
        matched = byVrid[packet.virtualRouterId()];
        if (matched == null) {
            return reject(VrrpCheck.UNKNOWN_VRID, packet.virtualRouterId(), -1, ipHeaderLength + VrrpPacket.VRID_OFFSET);
        }
        AdvertProfile p = matched.profile;
        int expectedLength = packet.expectedLength(family);
        if (expectedLength != vrrpLength
                && !paddingTolerated(ipHeaderLength + expectedLength, ipHeaderLength + vrrpLength)) {
            return reject(VrrpCheck.BAD_LENGTH, vrrpLength, expectedLength, ipHeaderLength);
        }
        packet.wrap(seg, vrrpOffset, expectedLength);
        if (!p.unicast() && hopLimit != -1 && hopLimit != VrrpPacket.TTL) {
            return reject(VrrpCheck.BAD_TTL, hopLimit, VrrpPacket.TTL, family == IpFamily.IPV4 ? Ipv4Header.TTL_OFFSET : -1);
        }
        if (packet.version() != p.version()) {
            return reject(VrrpCheck.BAD_VERSION, packet.version(), p.version(), ipHeaderLength);
        }
        if (p.version() == VrrpPacket.VERSION_2) {
            int authType = packet.authType();
            int at = ipHeaderLength + VrrpPacket.AUTH_TYPE_OFFSET;
            if (authType > AuthType.AH.code()) {
                return reject(VrrpCheck.BAD_AUTH_TYPE, authType, p.authType().code(), at);
            }
            if (authType != p.authType().code()) {
                return reject(VrrpCheck.AUTH_TYPE_MISMATCH, authType, p.authType().code(), at);
            }
            if (p.authType() == AuthType.PASS && packet.authenticationData() != matched.authenticationData) {
                return reject(VrrpCheck.BAD_AUTH_PASSWORD, packet.authenticationData(), matched.authenticationData,
                        ipHeaderLength + expectedLength - VrrpPacket.AUTH_DATA_LENGTH);
            }
            if (packet.adverIntSeconds() * 100 != p.advertIntervalCentis()) {
                return reject(VrrpCheck.BAD_ADVERT_INTERVAL, packet.adverIntSeconds(), p.advertIntervalCentis() / 100,
                        ipHeaderLength + VrrpPacket.ADVER_INT_OFFSET);
            }
        }
        if (packet.type() != VrrpPacket.TYPE_ADVERTISEMENT) {
            return reject(VrrpCheck.BAD_TYPE, packet.type(), VrrpPacket.TYPE_ADVERTISEMENT, ipHeaderLength);
        }
        intervalMismatch = p.version() == VrrpPacket.VERSION_3 && packet.maxAdverIntCentis() != p.advertIntervalCentis();
        return null;
    }

    private VrrpCheck checkAddresses(int ipHeaderLength) {
        VrrpCheck outcome = VrrpCheck.OK;
        int count = packet.countIpAddrs();
        if (count != matched.vipCount) {
            outcome = VrrpCheck.ADDRESS_LIST_MISMATCH;
            found = count;
            expected = matched.vipCount;
            where = ipHeaderLength + VrrpPacket.COUNT_OFFSET;
        } else {
            for (int v = 0; v < matched.vipCount; v++) {
                if (!advertCarries(v, count)) {
                    outcome = VrrpCheck.ADDRESS_LIST_MISMATCH;
                    found = -1;
                    expected = v;
                    where = ipHeaderLength + VrrpPacket.ADDRESSES_OFFSET;
                    break;
                }
            }
        }
        AdvertProfile p = matched.profile;
        if (p.unicast() && p.checkUnicastSource() && !matched.isPeer(sourceIpv4, sourceHigh, sourceLow)) {
            return reject(VrrpCheck.UNKNOWN_UNICAST_SOURCE, sourceIpv4, -1,
                    family == IpFamily.IPV4 ? Ipv4Header.SOURCE_OFFSET : -1);
        }
        last = outcome;
        return outcome;
    }

    private boolean advertCarries(int vip, int count) {
        for (int i = 0; i < count; i++) {
            if (family == IpFamily.IPV4 ? packet.ipv4Address(i) == matched.vipWords[2 * vip]
                    : packet.ipv6AddressHigh(i) == matched.vipWords[2 * vip]
                    && packet.ipv6AddressLow(i) == matched.vipWords[2 * vip + 1]) {
                return true;
            }
        }
        return false;
    }

    /**
     * keepalived's Ethernet padding rule: a frame shorter than 60 octets is padded; with VLAN tags stripped the
     * excess can only be checked modulo 4 (vrrp.c L1000-1030).
     */
    private static boolean paddingTolerated(int expectedLength, int receivedLength) {
        return expectedLength < ETHERNET_MIN_PAYLOAD
                && receivedLength <= ETHERNET_MIN_PAYLOAD
                && expectedLength < receivedLength
                && (receivedLength - expectedLength) % VLAN_TAG_LENGTH
                   == (VLAN_TAG_LENGTH - ETHERNET_MIN_PAYLOAD % VLAN_TAG_LENGTH) % VLAN_TAG_LENGTH;
    }

    private static int available(MemorySegment seg, long offset, int length) {
        if (offset < 0 || length < 0 || offset > seg.byteSize()) {
            return 0;
        }
        return (int) Math.min(length, seg.byteSize() - offset);
    }

    private void reset() {
        matched = null;
        last = VrrpCheck.OK;
        found = 0;
        expected = 0;
        where = -1;
        hopLimit = -1;
        sourceIpv4 = 0;
        destinationIpv4 = 0;
        sourceHigh = 0;
        sourceLow = 0;
        destinationHigh = 0;
        intervalMismatch = false;
    }

    private VrrpCheck reject(VrrpCheck check, long found, long expected, int where) {
        this.last = check;
        this.found = found;
        this.expected = expected;
        this.where = where;
        return check;
    }

    /** A profile with its addresses precomputed as words. */
    private static final class Expectation {
        final AdvertProfile profile;
        final int vipCount;
        final long[] vipWords;
        final long[] peerWords;
        final long authenticationData;

        Expectation(AdvertProfile profile) {
            this.profile = profile;
            this.vipCount = profile.virtualAddresses().size();
            this.vipWords = words(profile.virtualAddresses());
            this.peerWords = words(profile.unicastPeers());
            this.authenticationData = profile.authenticationData();
        }

        boolean isPeer(int ipv4, long high, long low) {
            boolean v4 = profile.family() == IpFamily.IPV4;
            for (int i = 0; i < peerWords.length; i += 2) {
                if (v4 ? peerWords[i] == ipv4 : peerWords[i] == high && peerWords[i + 1] == low) {
                    return true;
                }
            }
            return false;
        }

        private static long[] words(List<InetAddress> addresses) {
            long[] w = new long[2 * addresses.size()];
            for (int i = 0; i < addresses.size(); i++) {
                InetAddress a = addresses.get(i);
                if (IpFamily.of(a) == IpFamily.IPV4) {
                    w[2 * i] = AddressWords.ipv4(a);
                } else {
                    w[2 * i] = AddressWords.high(a);
                    w[2 * i + 1] = AddressWords.low(a);
                }
            }
            return w;
        }
    }
}
