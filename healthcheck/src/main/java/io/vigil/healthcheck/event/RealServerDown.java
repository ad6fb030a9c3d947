package io.vigil.healthcheck.event;

import java.net.InetSocketAddress;

/**
 * A checker of a real server went down, so the real server is down (ipwrapper.c {@code perform_svr_state}).
 *
 * @param virtualServer the virtual server
 * @param realServer    the real server
 * @param inhibited     inhibit_on_failure: it stays in the pool at weight 0 instead of being removed
 * @param detail        the failure that completed the transition
 */
public record RealServerDown(String virtualServer, InetSocketAddress realServer, boolean inhibited, String detail)
        implements PoolEvent {
}
