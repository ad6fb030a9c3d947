package io.vigil.dataplane.forward;

import io.vigil.dataplane.api.ConnectionEntry;
import io.vigil.dataplane.api.DataplaneStats;
import io.vigil.dataplane.api.DropReason;
import io.vigil.dataplane.api.PortStats;
import io.vigil.dataplane.api.RealServer;
import io.vigil.dataplane.api.RealServerStats;
import io.vigil.dataplane.api.Service;
import io.vigil.dataplane.api.ServiceKey;
import io.vigil.dataplane.api.ServiceStats;
import io.vigil.dataplane.api.Timeouts;
import io.vigil.dataplane.forward.schedule.Schedulers;
import io.vigil.dataplane.sync.ConnectionSync;
import io.vigil.dataplane.sync.SyncBatch;
import io.vigil.dataplane.sync.SyncCounters;
import io.vigil.dataplane.sync.SyncInstaller;
import io.vigil.dataplane.sync.SyncQueue;
import io.vigil.dataplane.port.PacketPort;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

/**
 * The dataplane's worker (an Agrona {@link Agent}): each duty cycle it applies queued commands, reads one batch from
 * every port through the {@link PacketForwarder}, flushes the transmit queues and expires connections. It owns
 * every piece of forwarding state (services, destinations, the connection table, the ports' map); other threads
 * reach it only through {@link #post}.
 */
public final class ForwardingWorker implements Agent {

    /** Commands waiting at most; a full queue makes {@link #post} wait (control path only). */
    public static final int COMMAND_CAPACITY = 4096;
    private static final int COMMANDS_PER_CYCLE = 64;
    private static final long EXPIRY_PERIOD_NANOS = 10_000_000L;

    private final ManyToOneConcurrentArrayQueue<Runnable> commands = new ManyToOneConcurrentArrayQueue<>(COMMAND_CAPACITY);
    private final Consumer<Runnable> runCommand = Runnable::run;
    private final AtomicBoolean housekeepingAsked = new AtomicBoolean();
    /** Makes the periodic work due at once (the command {@link #housekeepSoon} posts). */
    private final Runnable housekeepNow = () -> {
        housekeepingAsked.set(false);
        nextExpiryNanos = System.nanoTime();
    };
    private final Map<ServiceKey, ServiceEntry> services = new LinkedHashMap<>();
    private final Map<String, Destination> trash = new HashMap<>();
    private final ServiceTable table = new ServiceTable();
    private final DestinationRegistry registry = new DestinationRegistry();
    private final DropCounters drops = new DropCounters();
    private final ConnectionTable connections;
    private final Int2ObjectHashMap<PacketPort> ports = new Int2ObjectHashMap<>();
    private final PacketForwarder forwarder;
    private final PendingFrames pending;
    private final NextHopTable nextHops;
    private final PortIdleStrategy idle;
    private final Runnable housekeeping;
    private final String roleName;
    private PacketPort[] portArray = new PacketPort[0];
    /** The services, for the duty cycle (iterating the map would allocate an iterator). */
    private ServiceEntry[] serviceArray = new ServiceEntry[0];
    private Timeouts timeouts;
    private int nextServiceId = 1;
    private long nextExpiryNanos;
    private ConnectionSync sync;
    private SyncInstaller installer;

    /**
     * @param capacity     the connection table's bound
     * @param timeouts     initial timeouts
     * @param nextHops     routes and neighbours
     * @param idle         the idle strategy the worker's runner uses (it learns the ports)
     * @param housekeeping run every expiry period on the worker (e.g. applying resolved neighbours)
     */
    public ForwardingWorker(int capacity, Timeouts timeouts, NextHopTable nextHops, PortIdleStrategy idle,
                            Runnable housekeeping) {
        this("vigil-dataplane", capacity, timeouts, nextHops, idle, housekeeping);
    }

    /**
     * As above, with the name of the worker's thread ({@link #roleName()}), e.g. {@code vigil-dataplane-0}.
     */
    public ForwardingWorker(String roleName, int capacity, Timeouts timeouts, NextHopTable nextHops,
                            PortIdleStrategy idle, Runnable housekeeping) {
        this.roleName = roleName;
        this.timeouts = timeouts;
        this.connections = new ConnectionTable(capacity, timeouts, registry);
        this.nextHops = nextHops;
        this.pending = new PendingFrames(drops);
        this.forwarder = new PacketForwarder(table, connections, registry, nextHops, ports, drops,
                new TunnelEncapsulator(drops), pending);
        this.idle = idle;
        this.housekeeping = housekeeping;
    }

    /**
     * One duty cycle. The work it reports, which keeps the worker busy-polling, is commands run, frames sent and
     * connections expired: frames received and left to the kernel (or dropped) are not, so that a quiet director
     * that sees the interface's other traffic (ARP, health checks, SSH) goes back to sleep at once.
     */
    @Override
    public int doWork() {
        int work = commands.drain(runCommand, COMMANDS_PER_CYCLE);
        long now = System.nanoTime();
        forwarder.now(now);
        PacketPort[] current = portArray;
        for (PacketPort port : current) {
            forwarder.ingress(port);
            port.receive(forwarder);
        }
        if (now - nextExpiryNanos >= 0) {
            nextExpiryNanos = now + EXPIRY_PERIOD_NANOS;
            work += connections.expire(now);
            for (ServiceEntry s : serviceArray) {
                s.scheduler().tick(now);
            }
            housekeeping.run();
            pending.release(nextHops, ports, now); // before the flush: released frames leave in this cycle's kick
        }
        for (PacketPort port : current) {
            work += port.flush();
        }
        return work;
    }

    @Override
    public String roleName() {
        return roleName;
    }

    /**
     * Queues a command for the worker and wakes it if it waits for frames; waits (briefly, spinning) while the
     * queue is full.
     *
     * @throws IllegalStateException when the queue stays full for a second (the worker is stuck or gone)
     */
    public void post(Runnable command) {
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (!commands.offer(command)) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the dataplane worker does not take commands");
            }
            idle.wakeUp();
            Thread.onSpinWait();
        }
        idle.wakeUp();
    }

    /**
     * Has the worker run its periodic work (expiry, housekeeping such as taking in resolved neighbours, and the
     * frames waiting for them) in its next duty cycle, waking it if it waits; any thread. Requests made before
     * the worker got to the first one count once.
     */
    public void housekeepSoon() {
        if (housekeepingAsked.compareAndSet(false, true)) {
            post(housekeepNow);
        }
    }

    // ------------------------------------------------------------------------ commands (worker thread only)

    /** Adds or updates a service. */
    public void addService(Service service) {
        ServiceEntry existing = services.get(service.key());
        if (existing != null) {
            existing.reconfigure(service, Schedulers.create(service));
        } else {
            services.put(service.key(), new ServiceEntry(nextServiceId++, service, Schedulers.create(service)));
        }
        rebuild();
    }

    /** Removes a service, its destinations and its connections. */
    public void removeService(ServiceKey key) {
        ServiceEntry s = services.remove(key);
        if (s == null) {
            return;
        }
        connections.removeService(s.id());
        for (Destination d : s.destinations()) {
            d.markRemoved();
            registry.remove(d.id());
        }
        trash.keySet().removeIf(k -> k.startsWith(s.id() + "/"));
        rebuild();
    }

    /** Adds or updates a destination. */
    public void setRealServer(ServiceKey key, RealServer rs) {
        ServiceEntry s = services.get(key);
        if (s == null) {
            return;
        }
        Destination d = s.destination(rs.address());
        if (d != null) {
            d.reconfigure(rs);
            s.destinationsChanged();
        } else {
            Destination back = trash.remove(s.id() + "/" + rs.address());
            if (back != null) {
                back.revive(rs);
                s.addDestination(back);
            } else {
                Destination fresh = new Destination(registry.nextId(), rs);
                registry.add(fresh);
                s.addDestination(fresh);
                nextHops.nextHop(fresh.addressHigh(), fresh.addressLow()); // resolve it before its first packet
            }
        }
        rebuild();
    }

    /** Removes a destination; its connections' packets are dropped until they expire or it comes back. */
    public void removeRealServer(ServiceKey key, InetSocketAddress address) {
        ServiceEntry s = services.get(key);
        Destination d = s == null ? null : s.destination(address);
        if (d == null) {
            return;
        }
        s.removeDestination(d);
        trash.put(s.id() + "/" + address, d);
        rebuild();
    }

    /** Exactly the services of these VIPs forward. */
    public void activate(Set<InetAddress> vips) {
        for (ServiceEntry s : services.values()) {
            s.active(vips.contains(s.service().key().address()));
        }
        rebuild();
    }

    /** IPVS's {@code sloppy_tcp}: mid-flow TCP packets without an entry are scheduled (see {@link PacketForwarder#sloppyTcp}). */
    public void sloppyTcp(boolean enabled) {
        forwarder.sloppyTcp(enabled);
    }

    public void setTimeouts(Timeouts newTimeouts) {
        this.timeouts = newTimeouts;
        connections.setTimeouts(newTimeouts);
    }

    /**
     * Connection sync: from now on this worker's connections are offered to the sync policy (which queues them
     * for the sender while it is master), and received batches can be installed.
     */
    public void enableSync(SyncQueue queue, SyncCounters counters) {
        sync = new ConnectionSync(connections, table::byId, queue, counters);
        connections.observer(sync);
        installer = new SyncInstaller(connections, services.values(), counters);
    }

    /** Whether this worker's connections are queued for the sync sender (the sync role is MASTER). */
    public void syncMaster(boolean master) {
        if (sync != null) {
            sync.master(master);
        }
    }

    /** Installs the connections of one received sync message (see {@link SyncInstaller}). */
    public void installSynced(SyncBatch batch) {
        if (installer != null) {
            installer.install(batch, System.nanoTime());
        }
    }

    /** Starts polling a port. */
    public void addPort(PacketPort port) {
        ports.put(port.ifIndex(), port);
        portArray = ports.values().toArray(new PacketPort[0]);
        idle.ports(portArray);
    }

    /** Stops polling a port (the caller closes it). */
    public void removePort(int ifIndex) {
        ports.remove(ifIndex);
        portArray = ports.values().toArray(new PacketPort[0]);
        idle.ports(portArray);
    }

    /** Everything {@code vigil list} shows. */
    public DataplaneStats stats() {
        List<ServiceStats> out = new ArrayList<>();
        for (ServiceEntry s : services.values()) {
            List<RealServerStats> reals = new ArrayList<>();
            for (Destination d : s.destinations()) {
                reals.add(new RealServerStats(d.config(), d.activeConnections(), d.inactiveConnections(),
                        d.persistentConnections(), d.traffic().snapshot()));
            }
            out.add(new ServiceStats(s.service(), s.active(), s.traffic().snapshot(), reals));
        }
        List<PortStats> portStats = new ArrayList<>();
        Map<DropReason, Long> dropped = drops.snapshot();
        for (PacketPort p : portArray) {
            PortStats port = p.stats();
            portStats.add(port);
            dropped.merge(DropReason.HANDOFF_FULL, port.handoffDrops(), Long::sum); // the ports count these
        }
        return new DataplaneStats(out, dropped, connections.size(), connections.capacity(), portStats, timeouts);
    }

    /** The connection table, as {@code ipvsadm -Lnc} lists it. */
    public List<ConnectionEntry> connections() {
        Map<Integer, ServiceKey> keys = new HashMap<>();
        services.values().forEach(s -> keys.put(s.id(), s.service().key()));
        return connections.snapshot(System.nanoTime(), keys::get);
    }

    /** The ports polled now. */
    public List<PacketPort> ports() {
        return List.of(portArray);
    }

    private void rebuild() {
        serviceArray = services.values().toArray(new ServiceEntry[0]);
        table.rebuild(List.copyOf(services.values()));
    }
}
