package io.vigil.healthcheck.event;

import java.net.InetSocketAddress;

/**
 * All checkers of a real server pass again (ipwrapper.c {@code perform_svr_state}, alive = true).
 *
 * @param virtualServer the virtual server
 * @param realServer    the real server
 * @param weight        its effective weight
 * @param inPool        whether it entered the pool (false while a sorry server stands in)
 * @param detail        the result that completed the transition
 */
public record RealServerUp(String virtualServer, InetSocketAddress realServer, int weight, boolean inPool,
                           String detail) implements PoolEvent {
}
