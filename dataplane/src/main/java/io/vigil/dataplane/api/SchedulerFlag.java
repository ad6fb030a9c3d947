package io.vigil.dataplane.api;

/**
 * IPVS's service flags that schedulers read (linux/ip_vs.h {@code IP_VS_SVC_F_SCHED1..3}, {@code IP_VS_SVC_F_ONEPACKET}).
 * keepalived's {@code sh-fallback} and {@code mh-fallback} are {@link #FLAG_1}, {@code sh-port} and {@code mh-port}
 * are {@link #FLAG_2}.
 */
public enum SchedulerFlag {
    /** {@code flag-1}: {@code sh-fallback}, {@code mh-fallback}: skip an unavailable destination. */
    FLAG_1(0x0008),
    /** {@code flag-2}: {@code sh-port}, {@code mh-port}: hash the source port too. */
    FLAG_2(0x0010),
    /** {@code flag-3}: no scheduler reads it today. */
    FLAG_3(0x0020),
    /** {@code ops}: one-packet scheduling, UDP only. */
    ONE_PACKET(0x0004);

    private final int bit;

    SchedulerFlag(int bit) {
        this.bit = bit;
    }

    /** The bit in IPVS's service flags word. */
    public int bit() {
        return bit;
    }
}
