package io.vigil.dataplane.api;

import java.util.Locale;

/** An LVS forwarding method (ipvsadm(8) {@code -m}, {@code -g}, {@code -i}), with ipvsadm's Forward column text. */
public enum ForwardingMethod {
    /** Masquerading: DNAT to the real server, SNAT of its replies. */
    NAT("Masq"),
    /** Direct routing (gatewaying): only the destination MAC changes; replies bypass the director. */
    DR("Route"),
    /** IP-in-IP tunnelling (RFC 2003): replies bypass the director. */
    TUN("Tunnel");

    private final String forwardColumn;

    ForwardingMethod(String forwardColumn) {
        this.forwardColumn = forwardColumn;
    }

    /** {@code Masq}, {@code Route} or {@code Tunnel}, as {@code ipvsadm -Ln} prints it. */
    public String forwardColumn() {
        return forwardColumn;
    }

    /**
     * keepalived's {@code lvs_method} / {@code lb_kind} word ({@code NAT}, {@code DR}, {@code TUN}, any case).
     *
     * @throws IllegalArgumentException naming the word and what was expected
     */
    public static ForwardingMethod parse(String word) {
        try {
            return valueOf(word.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown lvs_method '" + word + "'; expected NAT, DR or TUN", e);
        }
    }
}
