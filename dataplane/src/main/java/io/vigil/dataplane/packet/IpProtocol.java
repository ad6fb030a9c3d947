package io.vigil.dataplane.packet;

/**
 * The IP protocol (IPv4) and next header (IPv6) numbers the dataplane reads, from IANA's "Assigned Internet Protocol
 * Numbers" registry (https://www.iana.org/assignments/protocol-numbers). Constants only.
 */
public final class IpProtocol {

    /** ICMP, RFC 792. */
    public static final int ICMP = 1;
    /** IPv4 encapsulated in IPv4, RFC 2003 §3.1. */
    public static final int IPIP = 4;
    /** TCP, RFC 9293 §3.1. */
    public static final int TCP = 6;
    /** UDP, RFC 768. */
    public static final int UDP = 17;
    /** IPv6 encapsulated in IPv4, RFC 4213 §3.5. */
    public static final int IPV6 = 41;
    /** ICMPv6, RFC 4443 §1. */
    public static final int ICMPV6 = 58;

    private IpProtocol() {
    }
}
