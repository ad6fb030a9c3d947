package io.vigil.dataplane.api;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A real server (destination) of a virtual service (ipvsadm {@code -a}).
 *
 * @param address        the real server's address and port (the port is ignored by DR and TUN, as IPVS does)
 * @param weight         0 quiesces: no new flows, existing ones continue
 * @param method         how packets reach it
 * @param upperThreshold {@code uthreshold}: no new flows at or above this many connections; 0 is no limit
 * @param lowerThreshold {@code lthreshold}: eligible again below this many; 0 is 3/4 of the upper threshold
 */
public record RealServer(InetSocketAddress address, int weight, ForwardingMethod method, int upperThreshold,
                         int lowerThreshold) {

    public RealServer {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(method, "method");
        if (weight < 0) {
            throw new IllegalArgumentException("weight " + weight + " of " + address + " is negative");
        }
    }

    /** A real server without thresholds. */
    public static RealServer of(InetSocketAddress address, int weight, ForwardingMethod method) {
        return new RealServer(address, weight, method, 0, 0);
    }
}
