package io.vigil.dataplane.api;

/**
 * IPVS's per-service and per-destination counters ({@code struct ip_vs_kstats}): what {@code ipvsadm -Ln --stats}
 * prints. "In" is client to real server, "out" is real server to client (seen only for NAT).
 *
 * @param connections connections scheduled
 * @param packetsIn   packets in
 * @param packetsOut  packets out
 * @param bytesIn     bytes in (IP packet length, as IPVS counts)
 * @param bytesOut    bytes out
 */
public record Counters(long connections, long packetsIn, long packetsOut, long bytesIn, long bytesOut) {

    /** All zero. */
    public static final Counters ZERO = new Counters(0, 0, 0, 0, 0);

    /** The sum of two. */
    public Counters plus(Counters o) {
        return new Counters(connections + o.connections, packetsIn + o.packetsIn, packetsOut + o.packetsOut,
                bytesIn + o.bytesIn, bytesOut + o.bytesOut);
    }
}
