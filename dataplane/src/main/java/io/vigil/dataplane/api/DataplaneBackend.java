package io.vigil.dataplane.api;

import java.util.Locale;

/** How packets reach the user-space dataplane ({@code vigil.dataplane.backend}). */
public enum DataplaneBackend {
    /** XDP where the kernel and the device allow it, TPACKET elsewhere; the choice is logged per interface. */
    AUTO,
    /** AF_XDP sockets and Vigil's XDP program; an interface where that fails is not forwarded on. */
    XDP,
    /** AF_PACKET TPACKET_V2 rings with nftables netdev-ingress steering. */
    TPACKET;

    /** The setting's spelling: {@code auto}, {@code xdp}, {@code tpacket}. */
    public String settingName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The backend a setting names.
     *
     * @throws IllegalArgumentException naming what was found and what is expected
     */
    public static DataplaneBackend ofSetting(String value) {
        for (DataplaneBackend b : values()) {
            if (b.settingName().equals(value)) {
                return b;
            }
        }
        throw new IllegalArgumentException("backend '" + value + "', expected auto, xdp or tpacket");
    }
}
