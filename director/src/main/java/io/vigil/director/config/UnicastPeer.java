package io.vigil.director.config;

import java.net.InetAddress;

/**
 * One {@code unicast_peer} entry: {@code IP [min_ttl N] [max_ttl N]} (keepalived.conf(5) "VRRP instance(s)").
 *
 * @param address the peer
 * @param minTtl  the lowest TTL accepted from it, or null
 * @param maxTtl  the highest TTL accepted from it, or null
 */
public record UnicastPeer(InetAddress address, Integer minTtl, Integer maxTtl) {
}
