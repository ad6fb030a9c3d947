package io.vigil.vrrp.wire;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What the adverts of one virtual router look like on the wire: the parameters the encoder writes and the
 * validator expects (RFC 5798 §5, RFC 3768 §5; keepalived.md §2.1, §2.13).
 *
 * @param virtualRouterId      VRID, 1..255 (RFC 5798 §5.2.3)
 * @param version              2 (RFC 3768) or 3 (RFC 5798); IPv6 requires 3
 * @param family               address family of the virtual addresses
 * @param advertIntervalCentis the local advert interval; v2 needs whole seconds 1..255, v3 1..4095 centiseconds
 * @param authType             v2 authentication; must be {@link AuthType#NONE} for v3
 * @param authPassword         v2 PASS password, truncated to 8 octets as keepalived does; empty for NONE
 * @param virtualAddresses     advertised addresses, at most 255, all of {@code family}
 * @param checksumMode         v3/IPv4 checksum form; ignored for v2 and IPv6
 * @param unicastPeers         empty for multicast; otherwise the {@code unicast_peer} addresses
 * @param checkUnicastSource   keepalived {@code check_unicast_src}: reject unicast adverts from non-peers
 */
public record AdvertProfile(int virtualRouterId, int version, IpFamily family, int advertIntervalCentis,
                            AuthType authType, String authPassword, List<InetAddress> virtualAddresses,
                            ChecksumMode checksumMode, List<InetAddress> unicastPeers, boolean checkUnicastSource) {

    /** Octets of the v2 PASS password that are carried (RFC 2338 §5.3.10; keepalived truncates to 8). */
    public static final int PASSWORD_LENGTH = 8;

    /** Validates the combination; throws {@link IllegalArgumentException} on a configuration error. */
    public AdvertProfile {
        virtualAddresses = List.copyOf(virtualAddresses);
        unicastPeers = List.copyOf(unicastPeers);
        if (virtualRouterId < 1 || virtualRouterId > 255) {
            throw new IllegalArgumentException("virtual_router_id " + virtualRouterId + ", expected 1..255");
        }
        if (version != VrrpPacket.VERSION_2 && version != VrrpPacket.VERSION_3) {
            throw new IllegalArgumentException("version " + version + ", expected 2 or 3");
        }
        if (family == IpFamily.IPV6 && version != VrrpPacket.VERSION_3) {
            throw new IllegalArgumentException("VRRPv2 cannot carry IPv6 addresses (RFC 5798 §1)");
        }
        if (version == VrrpPacket.VERSION_2
                && (advertIntervalCentis % 100 != 0 || advertIntervalCentis < 100 || advertIntervalCentis > 25500)) {
            throw new IllegalArgumentException("v2 advert interval " + advertIntervalCentis
                    + " centiseconds, expected whole seconds 1..255 (RFC 3768 §5.3.7)");
        }
        if (advertIntervalCentis < 1 || advertIntervalCentis > VrrpPacket.MAX_ADVER_INT_CENTIS) {
            throw new IllegalArgumentException("advert interval " + advertIntervalCentis
                    + " centiseconds, expected 1..4095 (RFC 5798 §5.2.7)");
        }
        if (version == VrrpPacket.VERSION_3 && authType != AuthType.NONE) {
            throw new IllegalArgumentException("VRRPv3 has no authentication (RFC 5798 §5.2.5), got " + authType);
        }
        if (virtualAddresses.size() > 255) {
            throw new IllegalArgumentException(virtualAddresses.size() + " virtual addresses, at most 255 fit");
        }
        for (InetAddress a : virtualAddresses) {
            if (IpFamily.of(a) != family) {
                throw new IllegalArgumentException("virtual address " + a.getHostAddress() + " is not " + family);
            }
        }
        for (InetAddress a : unicastPeers) {
            if (IpFamily.of(a) != family) {
                throw new IllegalArgumentException("unicast peer " + a.getHostAddress() + " is not " + family);
            }
        }
    }

    /** A multicast profile without authentication, with RFC checksums. */
    public static AdvertProfile multicast(int virtualRouterId, int version, IpFamily family, int advertIntervalCentis,
                                          List<InetAddress> virtualAddresses) {
        return new AdvertProfile(virtualRouterId, version, family, advertIntervalCentis, AuthType.NONE, "",
                virtualAddresses, ChecksumMode.PSEUDO_HEADER, List.of(), false);
    }

    /** True if adverts go to unicast peers rather than the multicast group. */
    public boolean unicast() {
        return !unicastPeers.isEmpty();
    }

    /** The 8 authentication octets as a big-endian long: the PASS password zero-padded, or zero. */
    public long authenticationData() {
        if (authType != AuthType.PASS) {
            return 0;
        }
        byte[] pw = authPassword.getBytes(StandardCharsets.UTF_8);
        long data = 0;
        for (int i = 0; i < PASSWORD_LENGTH; i++) {
            data = (data << 8) | (i < pw.length ? pw[i] & 0xff : 0);
        }
        return data;
    }

    /** Length of the VRRP message these adverts have. */
    public int messageLength() {
        return VrrpPacket.expectedLength(version, family, virtualAddresses.size());
    }
}
