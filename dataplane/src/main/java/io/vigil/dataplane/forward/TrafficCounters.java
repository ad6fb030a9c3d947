package io.vigil.dataplane.forward;

import io.vigil.dataplane.api.Counters;

/**
 * IPVS's traffic counters of a service or a destination ({@code struct ip_vs_kstats}): connections, packets and
 * bytes in (client to real server) and out (real server to client). Written by the worker only; read through
 * {@link #snapshot()} by the worker's statistics command.
 */
public final class TrafficCounters {

    private long connections;
    private long packetsIn;
    private long packetsOut;
    private long bytesIn;
    private long bytesOut;

    /** A connection was scheduled. */
    public void countConnection() {
        connections++;
    }

    /** One packet client to real server, {@code bytes} long (IP length). */
    public void countIn(int bytes) {
        packetsIn++;
        bytesIn += bytes;
    }

    /** One packet real server to client. */
    public void countOut(int bytes) {
        packetsOut++;
        bytesOut += bytes;
    }

    /** The counts now. */
    public Counters snapshot() {
        return new Counters(connections, packetsIn, packetsOut, bytesIn, bytesOut);
    }
}
