package io.vigil.director.health;

import io.vigil.healthcheck.event.PoolEntry;
import java.util.List;

/**
 * Told when one virtual server's pool changes (a real server enters or leaves, or a weight changes): what the
 * dataplane must program, keyed by virtual server, only for the pools that changed. Called on the health-check loop;
 * implementations return quickly.
 */
@FunctionalInterface
public interface PoolsListener {

    /**
     * One virtual server's new pool.
     *
     * @param virtualServer the virtual server's name ({@code VirtualServerSpec.name()})
     * @param entries       every destination it should hold now, immutable
     */
    void poolChanged(String virtualServer, List<PoolEntry> entries);
}
