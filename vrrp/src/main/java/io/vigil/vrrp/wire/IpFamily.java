package io.vigil.vrrp.wire;

import java.net.Inet4Address;
import java.net.InetAddress;

/** The address family of a virtual router: IPv4 carries 4-octet addresses, IPv6 16-octet ones (RFC 5798 §5.2.9). */
public enum IpFamily {
    /** IPv4: VRRPv2 or VRRPv3. */
    IPV4(4),
    /** IPv6: VRRPv3 only (RFC 5798 §1, keepalived forces version 3). */
    IPV6(16);

    private final int addressLength;

    IpFamily(int addressLength) {
        this.addressLength = addressLength;
    }

    /** Octets in one address of this family. */
    public int addressLength() {
        return addressLength;
    }

    /** The family of {@code address}. */
    public static IpFamily of(InetAddress address) {
        return address instanceof Inet4Address ? IPV4 : IPV6;
    }
}
