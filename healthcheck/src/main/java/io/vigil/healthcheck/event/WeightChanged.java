package io.vigil.healthcheck.event;

import java.net.InetSocketAddress;

/**
 * A live real server's effective weight changed (misc_dynamic, FILE_CHECK; ipwrapper.c {@code update_svr_wgt}).
 *
 * @param virtualServer the virtual server
 * @param realServer    the real server
 * @param oldWeight     weight before
 * @param newWeight     weight now
 */
public record WeightChanged(String virtualServer, InetSocketAddress realServer, int oldWeight, int newWeight)
        implements PoolEvent {
}
