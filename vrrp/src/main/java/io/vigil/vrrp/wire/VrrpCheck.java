package io.vigil.vrrp.wire;

/**
 * The outcome of validating one received packet (RFC 5798 §7.1, RFC 3768 §7.1; keepalived {@code vrrp_check_packet},
 * keepalived.md §2.13). Rejections are counted per reason; {@link #accepted()} outcomes go on to the state machine.
 */
public enum VrrpCheck {
    /** Valid advert for a configured virtual router. */
    OK(true, "valid advert"),
    /**
     * Valid, but the address count or the address list differs from ours. RFC 5798 §7.1 says MAY drop; keepalived
     * logs, counts {@code addr_list_err} and accepts.
     */
    ADDRESS_LIST_MISMATCH(true, "address list differs from the configured virtual addresses"),
    /** Not a well-formed IPv4 header: version not 4, IHL below 5 or beyond the received length. */
    BAD_IP_HEADER(false, "malformed IPv4 header"),
    /** IP protocol neither 112 (VRRP) nor handled (AH, protocol 51, is not supported). */
    BAD_PROTOCOL(false, "IP protocol is not VRRP (112)"),
    /** Shorter than the fixed VRRP header, or not the length the address count calls for (Ethernet padding aside). */
    BAD_LENGTH(false, "VRRP length does not match the address count"),
    /** IPv4 Total Length disagrees with what was received. */
    BAD_IP_TOTAL_LENGTH(false, "IPv4 total length does not match the received length"),
    /** No virtual router with this VRID on this socket (keepalived ignores these silently). */
    UNKNOWN_VRID(false, "no instance with this VRID"),
    /** TTL or hop limit is not 255 in multicast mode (RFC 5798 §7.1). */
    BAD_TTL(false, "TTL/hop limit is not 255"),
    /** Version differs from the configured one. */
    BAD_VERSION(false, "VRRP version differs from the configured one"),
    /** Type is not 1 (ADVERTISEMENT). */
    BAD_TYPE(false, "type is not ADVERTISEMENT (1)"),
    /** v2 Auth Type is not a defined code (0, 1, 2). */
    BAD_AUTH_TYPE(false, "invalid v2 auth type"),
    /** v2 Auth Type is defined but differs from ours. */
    AUTH_TYPE_MISMATCH(false, "v2 auth type differs from the configured one"),
    /** v2 PASS data differs from our password. */
    BAD_AUTH_PASSWORD(false, "v2 PASS authentication data differs from the configured password"),
    /** v2 Adver Int differs from ours (RFC 3768 §7.1: MUST drop). */
    BAD_ADVERT_INTERVAL(false, "v2 advert interval differs from the configured one"),
    /** Checksum does not verify. */
    BAD_CHECKSUM(false, "checksum does not verify"),
    /** Multicast destination on a unicast instance, or unicast destination on a multicast one. */
    MULTICAST_UNICAST_MISMATCH(false, "multicast/unicast destination does not match the instance's mode"),
    /** Unicast advert from an address that is not a {@code unicast_peer}, with source checking on. */
    UNKNOWN_UNICAST_SOURCE(false, "unicast source is not a configured peer");

    private final boolean accepted;
    private final String meaning;

    VrrpCheck(boolean accepted, String meaning) {
        this.accepted = accepted;
        this.meaning = meaning;
    }

    /** True if the advert should go on to the state machine. */
    public boolean accepted() {
        return accepted;
    }

    /** A short sentence saying what is wrong (or right). */
    public String meaning() {
        return meaning;
    }
}
