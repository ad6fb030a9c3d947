package io.vigil.dataplane.api;

/**
 * The three timeouts {@code ipvsadm --set} and keepalived's {@code lvs_timeouts tcp N tcpfin N udp N} set: TCP
 * ESTABLISHED, TCP FIN_WAIT and UDP (ip_vs_proto_tcp.c {@code tcp_timeouts}, ip_vs_proto_udp.c).
 *
 * @param tcpSeconds    TCP ESTABLISHED, default 900
 * @param tcpFinSeconds TCP FIN_WAIT, default 120
 * @param udpSeconds    UDP, default 300
 */
public record Timeouts(int tcpSeconds, int tcpFinSeconds, int udpSeconds) {

    /** IPVS's defaults: 900 120 300. */
    public static final Timeouts IPVS_DEFAULTS = new Timeouts(900, 120, 300);

    public Timeouts {
        if (tcpSeconds <= 0 || tcpFinSeconds <= 0 || udpSeconds <= 0) {
            throw new IllegalArgumentException("timeouts must be positive: tcp " + tcpSeconds + " tcpfin "
                    + tcpFinSeconds + " udp " + udpSeconds);
        }
    }
}
