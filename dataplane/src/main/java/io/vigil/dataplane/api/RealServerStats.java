package io.vigil.dataplane.api;

/**
 * A destination's state and counters at one moment.
 *
 * @param realServer            the destination as configured (address, weight, method, thresholds)
 * @param activeConnections     IPVS's ActiveConn: TCP connections in ESTABLISHED
 * @param inactiveConnections   IPVS's InActConn: every other connection (TCP in another state, UDP)
 * @param persistentConnections templates pointing at it (ipvsadm {@code --persistent-conn})
 * @param counters              traffic
 */
public record RealServerStats(RealServer realServer, int activeConnections, int inactiveConnections,
                              int persistentConnections, Counters counters) {
}
