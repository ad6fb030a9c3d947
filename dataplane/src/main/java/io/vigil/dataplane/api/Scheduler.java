package io.vigil.dataplane.api;

import java.util.Locale;

/** IPVS's schedulers (ipvsadm(8) {@code -s}); {@link #WLC} is IPVS's and keepalived's default. */
public enum Scheduler {
    RR, WRR, LC, WLC, LBLC, LBLCR, DH, SH, SED, NQ, FO, OVF, MH, TWOS;

    /** The name as ipvsadm prints it: {@code rr}, {@code wlc}, ... */
    public String ipvsName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * keepalived's {@code lvs_sched} / {@code lb_algo} word.
     *
     * @throws IllegalArgumentException naming the word and the schedulers that exist
     */
    public static Scheduler parse(String word) {
        for (Scheduler s : values()) {
            if (s.ipvsName().equalsIgnoreCase(word)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scheduler '" + word
                + "'; expected one of rr wrr lc wlc lblc lblcr dh sh sed nq fo ovf mh twos");
    }
}
