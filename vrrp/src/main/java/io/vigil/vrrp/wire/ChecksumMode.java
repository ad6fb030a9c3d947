package io.vigil.vrrp.wire;

/** How the VRRPv3 checksum over IPv4 is computed (keepalived.md §2.3; keepalived {@code v3_checksum_as_v2}). */
public enum ChecksumMode {
    /** RFC 5798 §5.2.8: the checksum covers an IPv4/IPv6 pseudo-header and the VRRP message. */
    PSEUDO_HEADER,
    /**
     * keepalived's {@code v3_checksum_as_v2}: a VRRPv3/IPv4 checksum over the VRRP message only, as VRRPv2 does, for
     * interop with old keepalived and some router vendors. On receive, keepalived then accepts any checksum; Vigil
     * accepts a checksum that is valid in either form.
     */
    V3_AS_V2
}
