package io.vigil.director.listing;

/**
 * One service's or real server's estimated rates, as IPVS reports them ({@code struct ip_vs_kstats} after
 * {@code ip_vs_read_estimator}): what {@code ipvsadm -Ln --rate} prints.
 *
 * @param cps    connections per second
 * @param inpps  packets per second, client to real server
 * @param outpps packets per second, real server to client
 * @param inbps  bytes per second in
 * @param outbps bytes per second out
 */
public record Rate(long cps, long inpps, long outpps, long inbps, long outbps) {

    /** No traffic, or not estimated yet. */
    public static final Rate ZERO = new Rate(0, 0, 0, 0, 0);
}
