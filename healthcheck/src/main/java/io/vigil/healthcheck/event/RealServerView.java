package io.vigil.healthcheck.event;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A real server's live state.
 *
 * @param address          the real server
 * @param configuredWeight {@code weight}
 * @param effectiveWeight  weight after misc_dynamic / FILE_CHECK
 * @param healthy          all checkers up
 * @param inPool           present in the pool (possibly at weight 0)
 * @param poolWeight       weight in the pool (0 when quiesced or absent)
 * @param failedCheckers   checkers currently down (keepalived {@code num_failed_checkers})
 * @param checkers         each checker's state and last result
 */
public record RealServerView(InetSocketAddress address, int configuredWeight, int effectiveWeight, boolean healthy,
                             boolean inPool, int poolWeight, int failedCheckers, List<CheckerView> checkers) {

    public RealServerView {
        checkers = List.copyOf(checkers);
    }
}
