package io.vigil.vrrp.wire;

/** The VRRPv2 Auth Type field (RFC 3768 §5.3.6; RFC 2338 §5.3.6 for PASS and AH). VRRPv3 has no authentication. */
public enum AuthType {
    /** 0: no authentication; the 8 authentication octets are zero. */
    NONE(0),
    /** 1: simple text password in the 8 authentication octets (keepalived {@code auth_type PASS}). */
    PASS(1),
    /** 2: IPsec AH (keepalived {@code auth_type AH}); not implemented by Vigil, recognised so it can be rejected. */
    AH(2);

    private final int code;

    AuthType(int code) {
        this.code = code;
    }

    /** The value carried in the Auth Type octet. */
    public int code() {
        return code;
    }
}
