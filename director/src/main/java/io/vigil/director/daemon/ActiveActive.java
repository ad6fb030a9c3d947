package io.vigil.director.daemon;

import io.vigil.dataplane.api.Dataplane;
import io.vigil.dataplane.linux.TunRouteAnnouncer;
import io.vigil.director.engine.Conductor;
import io.vigil.director.engine.ServiceProgram;
import io.vigil.director.health.HealthService;
import io.vigil.director.settings.AnnounceSettings;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's part in active-active operation ({@code vigil.announce}): at start the announced VIPs' traffic is
 * taken from the interface facing the routers and the conductor announces them through TUN devices as quorum allows;
 * at shutdown the announcements go first and forwarding carries on for the drain delay.
 *
 * <p>Threading: called by the daemon's starting and stopping thread.
 */
final class ActiveActive {

    private static final Logger LOG = LoggerFactory.getLogger(ActiveActive.class);
    private static final long STEERING_TIMEOUT_SECONDS = 30;

    private ActiveActive() {
    }

    /** Starts announcing {@code settings}' VIPs; VIPs that no virtual_server uses are logged and never announced. */
    static void start(AnnounceSettings settings, List<ServiceProgram> programs, Dataplane dataplane,
                      Conductor conductor, HealthService health) {
        Set<InetAddress> served = new HashSet<>();
        programs.forEach(p -> p.services().forEach(s -> served.add(s.key().address())));
        Map<InetAddress, String> ingress = new LinkedHashMap<>();
        for (InetAddress vip : settings.vips()) {
            if (!served.contains(vip)) {
                LOG.warn("vigil.announce.vips: {} is no virtual_server's address, so it is never announced",
                        vip.getHostAddress());
            }
            ingress.put(vip, settings.interfaceName());
        }
        try {
            // Announce only once the VIP's flows are steered to the dataplane: the VIP is a local address on the
            // TUN device, so until then the kernel would answer the routers' traffic with resets.
            dataplane.ingressDevices(ingress).toCompletableFuture().get(STEERING_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.error("the dataplane did not steer {} on {} within {} s ({}); announcing anyway", settings.vips(),
                    settings.interfaceName(), STEERING_TIMEOUT_SECONDS, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        conductor.announceThrough(TunRouteAnnouncer.withPrefix(settings.devicePrefix()), Set.copyOf(settings.vips()));
        health.addQuorumListener(conductor::quorumChanged);
        LOG.info("active-active: announcing {} through {}* devices while served, traffic on {}", settings.vips(),
                settings.devicePrefix(), settings.interfaceName());
    }

    /**
     * {@code vigil status}'s announcement line: {@code Announced: 198.18.122.100 (of 198.18.122.100)}; empty when
     * nothing is to be announced.
     */
    static String status(Conductor conductor, AnnounceSettings settings) {
        if (conductor == null || !settings.enabled()) {
            return "";
        }
        Set<InetAddress> now = conductor.announcedVips();
        List<String> announced = settings.vips().stream().filter(now::contains).map(InetAddress::getHostAddress).toList();
        return "Announced: " + (announced.isEmpty() ? "none" : String.join(" ", announced)) + " (of "
                + String.join(" ", settings.vips().stream().map(InetAddress::getHostAddress).toList()) + ")\n";
    }

    /**
     * Withdraws every announcement and, when there was one, keeps forwarding for the drain delay, so that the
     * routers move the flows to the other directors before this one stops.
     */
    static void drain(Conductor conductor, AnnounceSettings settings) {
        Set<InetAddress> was = conductor.withdrawAll();
        if (!was.isEmpty() && settings.drainDelay().isPositive()) {
            LOG.info("draining for {} ms before forwarding stops", settings.drainDelay().toMillis());
            try {
                Thread.sleep(settings.drainDelay());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
