package io.vigil.director.daemon;

import io.vigil.director.config.ConfigDiff;
import io.vigil.director.config.KeepalivedConfig;
import java.util.concurrent.CompletionStage;

/**
 * The hook through which a reload reaches what the daemon does not apply itself: the forwarding dataplane (the
 * engine's Conductor implements it). It is told once per accepted reload, after health checking has taken the new
 * virtual servers and before VRRP applies its changes, so a new service can exist before its VIP is claimed; the
 * reload waits for the returned stage. {@link ConfigDiff} carries, keyed as keepalived keys them: virtual servers
 * added, removed and changed (service keywords such as {@code lvs_sched}, {@code lvs_method}, persistence), and
 * per changed virtual server its real servers added, removed (to be drained: no new flows, existing flows finish)
 * and changed ({@code weight}, {@code lvs_method}, ...). Live weights and health keep coming through
 * {@code HealthService}'s {@code PoolsListener}, which hears the new pools when the reload is applied.
 *
 * <p>Threading: called on the daemon's reload thread, one reload at a time; a stage that fails is logged and
 * reported to {@code vigil reload}, but the rest of the reload stays applied.
 */
@FunctionalInterface
public interface ReloadListener {

    /**
     * @param diff   what changed between {@code before} and {@code after}
     * @param before the configuration that was running
     * @param after  the configuration now running
     * @return completes when the listener's part is applied
     */
    CompletionStage<Void> configReloaded(ConfigDiff diff, KeepalivedConfig before, KeepalivedConfig after);
}
