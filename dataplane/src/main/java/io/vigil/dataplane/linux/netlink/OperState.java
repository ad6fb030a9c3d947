package io.vigil.dataplane.linux.netlink;

/** A link's operational state, IFLA_OPERSTATE (linux/if.h IF_OPER_*, RFC 2863 ifOperStatus). */
public enum OperState {
    UNKNOWN, NOTPRESENT, DOWN, LOWERLAYERDOWN, TESTING, DORMANT, UP;

    /** The state for an IF_OPER_* value; values the kernel may add later read as {@link #UNKNOWN}. */
    public static OperState of(int value) {
        OperState[] all = values();
        return value >= 0 && value < all.length ? all[value] : UNKNOWN;
    }
}
