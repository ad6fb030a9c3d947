package io.vigil.healthcheck.spec;

import java.net.InetSocketAddress;

/**
 * {@code sorry_server IP [PORT]}: put in the pool alone while quorum is lost (ipwrapper.c L529-581).
 *
 * @param address the sorry server
 * @param weight  its weight while in the pool
 * @param inhibit {@code sorry_server_inhibit}: kept in the pool at weight 0 rather than removed while unused
 */
public record SorryServerSpec(InetSocketAddress address, int weight, boolean inhibit) {

    public SorryServerSpec {
        if (address == null || weight < 0) {
            throw new IllegalArgumentException("sorry_server needs an address and a weight >= 0");
        }
    }
}
