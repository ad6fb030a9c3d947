package io.vigil.vrrp.io;

import io.vigil.vrrp.wire.VrrpCheck;

/**
 * Per-instance counters, named as keepalived's JSON stats (vrrp_json.c) and exported under the keepalived
 * exporters' metric names (keepalived.md §5.2, §5.3).
 */
public enum VrrpCounter {
    ADVERT_RCVD,
    ADVERT_SENT,
    BECOME_MASTER,
    RELEASE_MASTER,
    PACKET_LEN_ERR,
    ADVERT_INTERVAL_ERR,
    IP_TTL_ERR,
    INVALID_TYPE_RCVD,
    ADDR_LIST_ERR,
    INVALID_AUTHTYPE,
    AUTHTYPE_MISMATCH,
    AUTH_FAILURE,
    PRI_ZERO_RCVD,
    PRI_ZERO_SENT,
    /** Not in keepalived's stats: checksum, version and mode errors of adverts carrying our VRID. */
    OTHER_ERR;

    /** The counter a rejected (or flagged) advert with our VRID increments. */
    public static VrrpCounter of(VrrpCheck check) {
        return switch (check) {
            case BAD_LENGTH, BAD_IP_TOTAL_LENGTH -> PACKET_LEN_ERR;
            case BAD_TTL -> IP_TTL_ERR;
            case BAD_TYPE -> INVALID_TYPE_RCVD;
            case BAD_ADVERT_INTERVAL -> ADVERT_INTERVAL_ERR;
            case ADDRESS_LIST_MISMATCH -> ADDR_LIST_ERR;
            case BAD_AUTH_TYPE -> INVALID_AUTHTYPE;
            case AUTH_TYPE_MISMATCH -> AUTHTYPE_MISMATCH;
            case BAD_AUTH_PASSWORD -> AUTH_FAILURE;
            default -> OTHER_ERR;
        };
    }

    /** keepalived's JSON name, e.g. {@code advert_rcvd}. */
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
