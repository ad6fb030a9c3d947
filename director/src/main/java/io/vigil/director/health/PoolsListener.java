package io.vigil.director.health;

import io.vigil.healthcheck.event.PoolEntry;
import java.util.List;
import java.util.Map;

/**
 * Told whenever some virtual server's pool changes (a real server enters or leaves, or a weight changes): what the
 * dataplane must program. Called on the health-check loop; implementations return quickly.
 */
@FunctionalInterface
public interface PoolsListener {

    /** Every virtual server's pool entries, by virtual server name; an immutable map. */
    void poolsChanged(Map<String, List<PoolEntry>> pools);
}
