package io.vigil.vrrp.fsm;

/**
 * Gratuitous ARP / unsolicited NA scheduling of one instance (keepalived.md §1.3, §2.5, §2.7, §2.10).
 *
 * @param masterDelayMillis     {@code garp_master_delay}: second burst this long after becoming master; 0 = none
 * @param masterRepeat          {@code garp_master_repeat}: messages per address in each burst
 * @param masterRefreshMillis   {@code garp_master_refresh}: periodic burst while master; 0 = off
 * @param masterRefreshRepeat   {@code garp_master_refresh_repeat}: messages per address in a refresh
 * @param lowerPrioDelayMillis  {@code garp_lower_prio_delay}: second burst after a lower-priority advert; 0 = none
 * @param lowerPrioRepeat       {@code garp_lower_prio_repeat}: messages per address on a lower-priority advert;
 *                              0 = no GARP on lower-priority adverts
 * @param garpIntervalMicros    {@code vrrp_garp_interval}: the gap between the gratuitous ARPs of a burst on one
 *                              interface; 0 = back to back
 * @param gnaIntervalMicros     {@code vrrp_gna_interval}: the same for unsolicited neighbour advertisements
 */
public record GarpSpec(long masterDelayMillis, int masterRepeat, long masterRefreshMillis, int masterRefreshRepeat,
                       long lowerPrioDelayMillis, int lowerPrioRepeat, long garpIntervalMicros,
                       long gnaIntervalMicros) {

    /**
     * keepalived's defaults: {@code vrrp_garp_master_delay} 5 s, {@code vrrp_garp_master_repeat} 5, refresh off with
     * repeat 1, the lower-priority values equal to the master ones, and no pacing (global_data.c;
     * keepalived.md §1.3).
     */
    public static final GarpSpec KEEPALIVED_DEFAULTS = new GarpSpec(5_000, 5, 0, 1, 5_000, 5);

    /** Checks that delays and counts are not negative. */
    public GarpSpec {
        if (masterDelayMillis < 0 || masterRepeat < 0 || masterRefreshMillis < 0 || masterRefreshRepeat < 0
                || lowerPrioDelayMillis < 0 || lowerPrioRepeat < 0 || garpIntervalMicros < 0 || gnaIntervalMicros < 0) {
            throw new IllegalArgumentException("GARP delays, intervals and repeats must not be negative: " + this);
        }
    }

    /** Without pacing: the messages of a burst go back to back (keepalived's default). */
    public GarpSpec(long masterDelayMillis, int masterRepeat, long masterRefreshMillis, int masterRefreshRepeat,
                    long lowerPrioDelayMillis, int lowerPrioRepeat) {
        this(masterDelayMillis, masterRepeat, masterRefreshMillis, masterRefreshRepeat, lowerPrioDelayMillis,
                lowerPrioRepeat, 0, 0);
    }

    /** The gap between two messages of a burst for an IPv4 ({@code ipv6} false) or IPv6 address, in nanoseconds. */
    public long intervalNanos(boolean ipv6) {
        return (ipv6 ? gnaIntervalMicros : garpIntervalMicros) * 1_000L;
    }
}
