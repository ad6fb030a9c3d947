package io.vigil.healthcheck.event;

import java.net.InetSocketAddress;

/**
 * One destination in a virtual server's pool, as the dataplane should program it.
 *
 * @param address the real or sorry server
 * @param weight  its weight; 0 means present but quiesced (inhibit_on_failure, sorry_server_inhibit)
 */
public record PoolEntry(InetSocketAddress address, int weight) {
}
