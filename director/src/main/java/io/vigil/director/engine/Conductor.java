package io.vigil.director.engine;

import io.vigil.dataplane.api.Dataplane;
import io.vigil.dataplane.api.RealServer;
import io.vigil.dataplane.api.Service;
import io.vigil.dataplane.api.ServiceKey;
import io.vigil.dataplane.api.Timeouts;
import io.vigil.healthcheck.event.PoolEntry;
import io.vigil.vrrp.fsm.VrrpState;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only place that turns VRRP state and the health-checked pools into {@link Dataplane} commands.
 *
 * <ul>
 *   <li>At start every service is added, with no destination: the pools bring them.</li>
 *   <li>A pool change (keyed by virtual server) becomes {@code setRealServer} for new entries and changed weights
 *       and {@code removeRealServer} for entries that left, on every IPVS service of that virtual server.</li>
 *   <li>The active VIPs are those of the VRRP instances in MASTER, plus every virtual address that no VRRP instance
 *       carries (an LVS-only configuration forwards from the start, as keepalived programs IPVS without VRRP).</li>
 * </ul>
 *
 * <p>Threading: called from the VRRP loop (state changes) and the health loop (pools); every method is
 * synchronized, and the dataplane's verbs only enqueue.
 */
public final class Conductor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Conductor.class);

    private final Dataplane dataplane;
    private final Map<String, ServiceProgram> programs = new LinkedHashMap<>();
    private final Map<String, Set<InetAddress>> instanceVips;
    private final Set<InetAddress> alwaysActive = new LinkedHashSet<>();
    private final Set<String> masters = new HashSet<>();
    private final Map<String, Map<InetSocketAddress, Integer>> pools = new HashMap<>();
    private Set<InetAddress> active = Set.of();
    private boolean closed;

    /**
     * @param dataplane    where the commands go
     * @param programs     the services to program
     * @param instanceVips each VRRP instance's virtual addresses (virtual_ipaddress and _excluded)
     * @param timeouts     {@code lvs_timeouts}, or IPVS's defaults
     */
    public Conductor(Dataplane dataplane, List<ServiceProgram> programs, Map<String, Set<InetAddress>> instanceVips,
                     Timeouts timeouts) {
        this.dataplane = dataplane;
        this.instanceVips = Map.copyOf(instanceVips);
        Set<InetAddress> carried = new HashSet<>();
        instanceVips.values().forEach(carried::addAll);
        dataplane.setTimeouts(timeouts);
        for (ServiceProgram p : programs) {
            this.programs.put(p.name(), p);
            for (Service s : p.services()) {
                dataplane.addService(s);
                if (!carried.contains(s.key().address())) {
                    alwaysActive.add(s.key().address());
                }
            }
        }
        if (!alwaysActive.isEmpty()) {
            LOG.info("forwarding to {} at once: no vrrp_instance carries them", alwaysActive);
        }
        updateActivation();
    }

    /** A VRRP instance changed state. */
    public synchronized void instanceState(String instance, VrrpState state) {
        boolean changed = state == VrrpState.MASTER ? masters.add(instance) : masters.remove(instance);
        if (changed) {
            updateActivation();
        }
    }

    /** A virtual server's pool, as the health checks now hold it. */
    public synchronized void poolChanged(String virtualServer, List<PoolEntry> entries) {
        ServiceProgram program = programs.get(virtualServer);
        if (program == null || closed) {
            return;
        }
        Map<InetSocketAddress, Integer> previous = pools.getOrDefault(virtualServer, Map.of());
        Map<InetSocketAddress, Integer> next = new LinkedHashMap<>();
        for (PoolEntry e : entries) {
            next.put(e.address(), e.weight());
        }
        for (Map.Entry<InetSocketAddress, Integer> e : next.entrySet()) {
            if (!e.getValue().equals(previous.get(e.getKey()))) {
                RealServer rs = program.destination(e.getKey(), e.getValue());
                for (Service s : program.services()) {
                    dataplane.setRealServer(s.key(), rs);
                }
            }
        }
        for (InetSocketAddress gone : previous.keySet()) {
            if (!next.containsKey(gone)) {
                for (Service s : program.services()) {
                    dataplane.removeRealServer(s.key(), gone);
                }
            }
        }
        pools.put(virtualServer, next);
    }

    /** The VIPs now forwarded. */
    public synchronized Set<InetAddress> activeVips() {
        return active;
    }

    /** Stops forwarding (the daemon is stopping); the dataplane itself is closed by its owner. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            dataplane.deactivate();
        }
    }

    private void updateActivation() {
        if (closed) {
            return;
        }
        Set<InetAddress> next = new LinkedHashSet<>(alwaysActive);
        for (String m : masters) {
            next.addAll(instanceVips.getOrDefault(m, Set.of()));
        }
        Set<InetAddress> serviceVips = new HashSet<>();
        programs.values().forEach(p -> p.services().forEach(s -> serviceVips.add(s.key().address())));
        next.retainAll(serviceVips);
        if (!next.equals(active)) {
            active = Set.copyOf(next);
            LOG.info("forwarding for {} (MASTER of {})", active.isEmpty() ? "no VIP" : active, masters);
            dataplane.activate(active);
        }
    }

    /** The service keys of a virtual server (for tests and listing). */
    public synchronized List<ServiceKey> keys(String virtualServer) {
        ServiceProgram p = programs.get(virtualServer);
        return p == null ? List.of() : p.services().stream().map(Service::key).toList();
    }
}
