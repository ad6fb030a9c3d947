package io.vigil.director.config;

/**
 * {@code global_defs { lvs_timeouts tcp N tcpfin N udp N }}: IPVS's TCP ESTABLISHED, TCP FIN_WAIT and UDP timeouts
 * in seconds (keepalived.conf(5); ipvsadm {@code --set}); 0 leaves IPVS's default (900, 120, 300).
 *
 * @param tcpSeconds    TCP ESTABLISHED
 * @param tcpFinSeconds TCP FIN_WAIT
 * @param udpSeconds    UDP
 */
public record LvsTimeouts(int tcpSeconds, int tcpFinSeconds, int udpSeconds) {

    /** Nothing set: IPVS's defaults. */
    public static final LvsTimeouts UNSET = new LvsTimeouts(0, 0, 0);
}
