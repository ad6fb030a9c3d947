package io.vigil.director.engine;

import io.vigil.dataplane.api.Dataplane;
import io.vigil.dataplane.api.RealServer;
import io.vigil.dataplane.api.RouteAnnouncer;
import io.vigil.dataplane.api.Service;
import io.vigil.dataplane.api.ServiceKey;
import io.vigil.dataplane.api.SyncRole;
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
 *   <li>With {@code lvs_sync_daemon}, the sync role follows its VRRP instance: MASTER while the instance is
 *       MASTER, BACKUP otherwise (from the start), NONE once closed, as keepalived's {@code ipvs_syncd_master} /
 *       {@code ipvs_syncd_backup}.</li>
 *   <li>With a {@link RouteAnnouncer} ({@link #announceThrough}), each announced VIP is announced while it is
 *       forwarded and every virtual server on it holds its quorum (a virtual server counts as without quorum until
 *       the health checks say otherwise), so the routers send a VIP's flows only to the directors that can serve
 *       every port of it. {@link #withdrawAll} (shutdown) and {@link #close} withdraw everything.</li>
 * </ul>
 *
 * <p>Threading: called from the VRRP loop (state changes) and the health loop (pools); every method is
 * synchronized, and the dataplane's verbs only enqueue.
 */
public final class Conductor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Conductor.class);

    private final Dataplane dataplane;
    private final Map<String, ServiceProgram> programs = new LinkedHashMap<>();
    private Map<String, Set<InetAddress>> instanceVips;
    private final Set<InetAddress> alwaysActive = new LinkedHashSet<>();
    private final Set<String> masters = new HashSet<>();
    private final Map<String, Map<InetSocketAddress, Integer>> pools = new HashMap<>();
    private Set<InetAddress> active = Set.of();
    private boolean closed;
    /** The instance the sync role follows, or null. */
    private String syncInstance;
    /** Where announcements go, or null when nothing is announced. */
    private RouteAnnouncer announcer;
    private Set<InetAddress> announceable = Set.of();
    /** The virtual servers whose pools hold their quorum, as the health checks last said. */
    private final Set<String> withQuorum = new HashSet<>();
    /** Set by {@link #withdrawAll}: nothing is announced any more. */
    private boolean withdrawn;

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
        dataplane.setTimeouts(timeouts);
        for (ServiceProgram p : programs) {
            this.programs.put(p.name(), p);
            p.services().forEach(dataplane::addService);
        }
        updateAlwaysActive();
        updateActivation();
    }

    /**
     * A reload: the new programs and VRRP addresses, applied as a keyed diff. A virtual server that did not change
     * keeps its services, destinations and connections; a changed one is updated in place (scheduler, flags and
     * persistence by {@code addService}, each current destination's method and thresholds again); a removed one
     * is removed with its connections, as IPVS deletes a service; a new one is added with the pool the health
     * checks published for it. The activation follows the new addresses. The commands form one
     * {@link Dataplane#atomically} batch: a listing or a scrape sees the old services or the new ones.
     */
    public synchronized void reconfigure(List<ServiceProgram> newPrograms, Map<String, Set<InetAddress>> newInstanceVips,
                                         Timeouts timeouts) {
        if (!closed) {
            dataplane.atomically(() -> apply(newPrograms, newInstanceVips, timeouts));
        }
    }

    private void apply(List<ServiceProgram> newPrograms, Map<String, Set<InetAddress>> newInstanceVips,
                       Timeouts timeouts) {
        dataplane.setTimeouts(timeouts);
        Map<String, ServiceProgram> next = new LinkedHashMap<>();
        newPrograms.forEach(p -> next.put(p.name(), p));
        for (ServiceProgram old : List.copyOf(programs.values())) {
            ServiceProgram now = next.get(old.name());
            Set<ServiceKey> keep = now == null ? Set.of() : keys(now);
            for (Service s : old.services()) {
                if (!keep.contains(s.key())) {
                    dataplane.removeService(s.key());
                }
            }
            if (now == null) {
                programs.remove(old.name());
                pools.remove(old.name());
            }
        }
        for (ServiceProgram p : next.values()) {
            ServiceProgram old = programs.put(p.name(), p);
            if (p.equals(old)) {
                continue;
            }
            Set<ServiceKey> had = old == null ? Set.of() : keys(old);
            for (Service s : p.services()) {
                if (old == null || !old.services().contains(s)) {
                    dataplane.addService(s);
                }
            }
            Map<InetSocketAddress, Integer> pool = pools.getOrDefault(p.name(), Map.of());
            for (Map.Entry<InetSocketAddress, Integer> e : pool.entrySet()) {
                RealServer rs = p.destination(e.getKey(), e.getValue());
                for (Service s : p.services()) {
                    if (!had.contains(s.key()) || old == null || !rs.equals(old.destination(e.getKey(), e.getValue()))) {
                        dataplane.setRealServer(s.key(), rs);
                    }
                }
            }
        }
        this.instanceVips = Map.copyOf(newInstanceVips);
        masters.retainAll(newInstanceVips.keySet());
        updateAlwaysActive();
        updateActivation();
    }

    private static Set<ServiceKey> keys(ServiceProgram p) {
        Set<ServiceKey> out = new HashSet<>();
        p.services().forEach(s -> out.add(s.key()));
        return out;
    }

    /** The virtual addresses no VRRP instance carries: they forward whatever VRRP does. */
    private void updateAlwaysActive() {
        Set<InetAddress> carried = new HashSet<>();
        instanceVips.values().forEach(carried::addAll);
        alwaysActive.clear();
        for (ServiceProgram p : programs.values()) {
            for (Service s : p.services()) {
                if (!carried.contains(s.key().address())) {
                    alwaysActive.add(s.key().address());
                }
            }
        }
        if (!alwaysActive.isEmpty()) {
            LOG.info("forwarding to {} at once: no vrrp_instance carries them", alwaysActive);
        }
    }

    /**
     * The sync daemon (already configured on the dataplane) follows {@code instance}: its role is set now (BACKUP
     * unless the instance is MASTER already) and at each of the instance's transitions.
     */
    public synchronized void followSync(String instance) {
        syncInstance = instance;
        dataplane.syncRole(masters.contains(instance) ? SyncRole.MASTER : SyncRole.BACKUP);
    }

    /**
     * Announces each of {@code vips} through {@code announcer} while this director forwards it and every virtual
     * server on it holds quorum; the announcer is closed with the conductor.
     */
    public synchronized void announceThrough(RouteAnnouncer announcer, Set<InetAddress> vips) {
        this.announcer = announcer;
        this.announceable = Set.copyOf(vips);
        updateAnnouncement();
    }

    /** A virtual server gained or lost its quorum (the health checks' {@code QuorumListener}). */
    public synchronized void quorumChanged(String virtualServer, boolean up) {
        boolean changed = up ? withQuorum.add(virtualServer) : withQuorum.remove(virtualServer);
        if (changed) {
            LOG.info("virtual_server {}: quorum {}", virtualServer, up ? "up" : "down");
            updateAnnouncement();
        }
    }

    /** The VIPs announced now. */
    public synchronized Set<InetAddress> announcedVips() {
        return announcer == null ? Set.of() : announcer.announced();
    }

    /**
     * Withdraws every announcement for good (the daemon is stopping; forwarding goes on until {@link #close}), and
     * returns what was announced.
     */
    public synchronized Set<InetAddress> withdrawAll() {
        withdrawn = true;
        if (announcer == null) {
            return Set.of();
        }
        Set<InetAddress> was = announcer.announced();
        announcer.close();
        if (!was.isEmpty()) {
            LOG.info("withdrew the announcement of {}", was);
        }
        return was;
    }

    /** A VRRP instance changed state. */
    public synchronized void instanceState(String instance, VrrpState state) {
        if (instance.equals(syncInstance) && !closed) {
            dataplane.syncRole(state == VrrpState.MASTER ? SyncRole.MASTER : SyncRole.BACKUP);
        }
        boolean changed = state == VrrpState.MASTER ? masters.add(instance) : masters.remove(instance);
        if (changed) {
            updateActivation();
        }
    }

    /** A virtual server's pool, as the health checks now hold it. */
    public synchronized void poolChanged(String virtualServer, List<PoolEntry> entries) {
        if (closed) {
            return;
        }
        ServiceProgram program = programs.get(virtualServer);
        Map<InetSocketAddress, Integer> previous = pools.getOrDefault(virtualServer, Map.of());
        Map<InetSocketAddress, Integer> next = new LinkedHashMap<>();
        for (PoolEntry e : entries) {
            next.put(e.address(), e.weight());
        }
        if (program == null) {
            // A virtual server a reload adds: the health checks publish its pool before the reload reaches here.
            pools.put(virtualServer, next);
            return;
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
            withdrawAll();
            closed = true;
            if (syncInstance != null) {
                dataplane.syncRole(SyncRole.NONE);
            }
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
        updateAnnouncement();
    }

    /** Announces what {@link #announceThrough} describes now, withdraws the rest. */
    private void updateAnnouncement() {
        if (announcer == null || withdrawn) {
            return;
        }
        Set<InetAddress> served = new HashSet<>();
        Set<InetAddress> lacking = new HashSet<>();
        for (ServiceProgram p : programs.values()) {
            for (Service s : p.services()) {
                (withQuorum.contains(p.name()) ? served : lacking).add(s.key().address());
            }
        }
        served.removeAll(lacking);
        served.retainAll(active);
        for (InetAddress vip : announcer.announced()) {
            if (!served.contains(vip) || !announceable.contains(vip)) {
                announcer.withdraw(vip);
                LOG.info("withdrew the announcement of {}", vip.getHostAddress());
            }
        }
        Set<InetAddress> announced = announcer.announced();
        for (InetAddress vip : announceable) {
            if (served.contains(vip) && !announced.contains(vip)) {
                try {
                    announcer.announce(vip);
                    LOG.info("announcing {}", vip.getHostAddress());
                } catch (IllegalStateException e) {
                    LOG.error("{}", e.getMessage());
                }
            }
        }
    }
}
