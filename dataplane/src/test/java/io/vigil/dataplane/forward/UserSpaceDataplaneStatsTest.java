package io.vigil.dataplane.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigil.dataplane.api.DataplaneSettings;
import io.vigil.dataplane.api.DataplaneStats;
import io.vigil.dataplane.api.Protocol;
import io.vigil.dataplane.api.Scheduler;
import io.vigil.dataplane.api.Service;
import io.vigil.dataplane.api.ServiceKey;
import io.vigil.dataplane.linux.OwnedFlow;
import io.vigil.dataplane.port.PortGroup;
import java.net.InetAddress;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link UserSpaceDataplane#stats()} while the control thread is still busy with the starting configuration, as on
 * a loaded host: the soak (bench/soak) saw {@code vigil run} stop at start with "a dataplane worker does not answer"
 * when opening two XDP ports and steering 200 real servers took the control thread more than 2 s.
 */
class UserSpaceDataplaneStatsTest {

    /** A host whose route lookups are slower than a later statistics request may wait (2 s); it has no ports. */
    private static final class SlowHost implements HostNetwork {

        @Override
        public PortGroup openPorts(String device, int workers) {
            throw new UnsupportedOperationException("no device is ever named");
        }

        @Override
        public Optional<String> deviceFor(InetAddress address) {
            try {
                Thread.sleep(3_500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        }

        @Override
        public void steer(Set<OwnedFlow> flows) {
        }

        @Override
        public NextHopTable nextHops(int worker) {
            return (high, low) -> null;
        }

        @Override
        public Runnable housekeeping(int worker) {
            return () -> { };
        }

        @Override
        public void onHousekeepingNews(int worker, Runnable wakeUp) {
            // no resolver: nothing ever has news
        }

        @Override
        public void close() {
        }
    }

    @Test
    void theFirstStatisticsWaitForTheStartingConfiguration() {
        try (UserSpaceDataplane dataplane = UserSpaceDataplane.start(new SlowHost(), DataplaneSettings.DEFAULTS)) {
            dataplane.addService(Service.of(ServiceKey.of(Protocol.TCP, InetAddress.ofLiteral("198.18.0.100"), 80),
                    Scheduler.RR));
            DataplaneStats stats = dataplane.stats();
            assertEquals(1, stats.services().size(), "the answer comes after the service reached the worker");
            assertEquals(0, stats.connections());
        }
    }
}
