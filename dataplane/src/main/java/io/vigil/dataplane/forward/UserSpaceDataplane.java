package io.vigil.dataplane.forward;

import io.vigil.dataplane.api.ConnectionEntry;
import io.vigil.dataplane.api.Dataplane;
import io.vigil.dataplane.api.DataplaneSettings;
import io.vigil.dataplane.api.DataplaneStats;
import io.vigil.dataplane.api.ForwardingMethod;
import io.vigil.dataplane.api.RealServer;
import io.vigil.dataplane.api.Service;
import io.vigil.dataplane.api.ServiceKey;
import io.vigil.dataplane.api.SyncDaemonConfig;
import io.vigil.dataplane.api.SyncRole;
import io.vigil.dataplane.api.SyncStats;
import io.vigil.dataplane.api.Timeouts;
import io.vigil.dataplane.sync.SyncCounters;
import io.vigil.dataplane.sync.SyncDaemon;
import io.vigil.dataplane.sync.SyncQueue;
import io.vigil.dataplane.linux.OwnedFlow;
import io.vigil.dataplane.port.FlowPartition;
import io.vigil.dataplane.port.PortGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.agrona.concurrent.AgentRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Dataplane} that forwards in user space. Verbs return at once: each is validated, recorded in the
 * control model and handed to the control thread, which opens the ports the services need, shares their frames
 * among the workers, replaces the steering, and posts the change to every {@link ForwardingWorker}. The steering
 * covers every service, active or not: VRRP adds a VIP and announces it before the dataplane hears of the new
 * MASTER, and a kernel that saw VIP:port in that moment would reset the connections a director taking over mid-flow
 * is about to carry on (sloppy TCP, sync). Inactive, the flows are dropped, as IPVS's services exist on a backup
 * too; activation only tells the workers to forward.
 *
 * <p>Workers ({@link DataplaneSettings#workers()}): each has its own thread, ports (one per interface, from
 * {@link HostNetwork#openPorts}), connection table (an equal share of the capacity) and next-hop cache, and receives
 * every command. The ports of one interface share its frames by a hash of the client end of each flow
 * ({@link PartitionPlan}), so both directions of a NAT flow reach the worker that holds its entry. Statistics and
 * the connection listing are the workers' merged. Connections received from a sync master are installed in every
 * worker's table (the one whose share of the frames the flow falls in uses it; the others let it expire).
 *
 * <p>Threading: every public method is thread-safe.
 */
public final class UserSpaceDataplane implements Dataplane {

    private static final Logger LOG = LoggerFactory.getLogger(UserSpaceDataplane.class);
    private static final long STATS_WAIT_SECONDS = 2;
    /**
     * How long the first statistics request waits: it queues behind the starting configuration on the control thread
     * (ports opened, XDP attached, route lookups and steering for every service), which takes seconds on a loaded
     * host; the daemon's start fails only when a worker stays silent this long.
     */
    private static final long FIRST_STATS_WAIT_SECONDS = 30;
    /** The worker threads' names: this and the worker's index. */
    public static final String WORKER_THREAD = "vigil-dataplane-";
    private static final int MIN_CAPACITY = 1024;

    private final HostNetwork host;
    private final List<ForwardingWorker> workers = new ArrayList<>();
    private final List<AgentRunner> runners = new ArrayList<>();
    private final List<PortIdleStrategy> idles = new ArrayList<>();
    private final ThreadPoolExecutor control;
    /** The control model: what was programmed, for steering and port decisions. Guarded by {@code this}. */
    private final Map<ServiceKey, Service> services = new LinkedHashMap<>();
    private final Map<ServiceKey, Map<InetSocketAddress, RealServer>> destinations = new HashMap<>();
    /** Owned by the control thread. */
    private final Map<String, PortGroup> ports = new HashMap<>();
    private final Map<String, FlowPartition> partitioned = new HashMap<>();
    private Set<OwnedFlow> steered = Set.of();
    /** {@link #ingressDevices}: VIPs that arrive on a named device whatever holds their address. Control thread. */
    private Map<InetAddress, String> ingress = Map.of();
    /** A change asked for {@link #reconcile}; done once the control queue has drained. Control thread. */
    private boolean reconcileDue;
    private volatile List<DataplaneStats> lastStats;
    private boolean closed;
    /** Records the workers may queue for the sync sender before they drop and count. */
    private static final int SYNC_QUEUE_RECORDS = 65536;
    private final SyncQueue syncQueue = new SyncQueue(SYNC_QUEUE_RECORDS);
    private final SyncCounters syncCounters = new SyncCounters();
    private SyncDaemon sync;

    private UserSpaceDataplane(HostNetwork host, DataplaneSettings settings, Timeouts timeouts) {
        this.host = host;
        int share = Math.max(MIN_CAPACITY, settings.connectionCapacity() / settings.workers());
        for (int i = 0; i < settings.workers(); i++) {
            PortIdleStrategy idle = new PortIdleStrategy();
            idles.add(idle);
            ForwardingWorker worker = new ForwardingWorker(WORKER_THREAD + i, share, timeouts, host.nextHops(i), idle,
                    host.housekeeping(i));
            host.onHousekeepingNews(i, worker::housekeepSoon);
            worker.sloppyTcp(settings.sloppyTcp());
            workers.add(worker);
            runners.add(new AgentRunner(idle, e -> LOG.error("{}: {}", worker.roleName(), e.toString(), e), null, worker));
        }
        this.control = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "vigil-dataplane-control");
            t.setDaemon(true);
            return t;
        });
        // Started now, on the caller's thread: it inherits the caller's network namespace, where the ports open.
        control.prestartCoreThread();
    }

    /**
     * Starts {@link DataplaneSettings#workers()} worker threads, named {@code vigil-dataplane-0} and up, over
     * {@code host}, and the control thread; all in the calling thread's network namespace.
     */
    public static UserSpaceDataplane start(HostNetwork host, DataplaneSettings settings) {
        UserSpaceDataplane dp = new UserSpaceDataplane(host, settings, Timeouts.IPVS_DEFAULTS);
        dp.runners.forEach(AgentRunner::startOnThread);
        return dp;
    }

    /** The number of workers. */
    public int workers() {
        return workers.size();
    }

    @Override
    public synchronized void addService(Service service) {
        services.put(service.key(), service);
        destinations.computeIfAbsent(service.key(), k -> new LinkedHashMap<>());
        onControl(() -> {
            toAll(w -> w.addService(service));
            reconcileDue = true;
        });
    }

    @Override
    public synchronized void removeService(ServiceKey key) {
        if (services.remove(key) == null) {
            return;
        }
        destinations.remove(key);
        onControl(() -> {
            toAll(w -> w.removeService(key));
            reconcileDue = true;
        });
    }

    @Override
    public synchronized void setRealServer(ServiceKey service, RealServer realServer) {
        Service s = services.get(service);
        if (s == null) {
            throw new IllegalArgumentException("no service " + service + "; add it first");
        }
        if (realServer.method() == ForwardingMethod.TUN && service.ipv6()) {
            throw new IllegalArgumentException("real server " + realServer.address() + " of " + service
                    + ": TUN over IPv6 is not supported; expected NAT or DR");
        }
        if (realServer.address().getAddress().getAddress().length != service.address().getAddress().length) {
            throw new IllegalArgumentException("real server " + realServer.address() + " is not of the address family of "
                    + service.address() + "; IPVS needs the same family");
        }
        destinations.get(service).put(realServer.address(), realServer);
        onControl(() -> {
            reconcileDue = true;
            if (control.getQueue().isEmpty()) {
                reconcileNow(); // a lone change: the port and steering before the workers send to it
            }
            toAll(w -> w.setRealServer(service, realServer));
        });
    }

    @Override
    public synchronized void removeRealServer(ServiceKey service, InetSocketAddress realServer) {
        Map<InetSocketAddress, RealServer> pool = destinations.get(service);
        if (pool == null || pool.remove(realServer) == null) {
            return;
        }
        onControl(() -> {
            toAll(w -> w.removeRealServer(service, realServer));
            reconcileDue = true;
        });
    }

    @Override
    public synchronized void activate(Set<InetAddress> vips) {
        Set<InetAddress> next = Set.copyOf(vips);
        onControl(() -> {
            if (reconcileDue) {
                reconcileNow(); // ports and steering before the workers forward
            }
            toAll(w -> w.activate(next));
        });
    }

    @Override
    public CompletionStage<Void> ingressDevices(Map<InetAddress, String> devices) {
        Map<InetAddress, String> next = Map.copyOf(devices);
        CompletableFuture<Void> steered = new CompletableFuture<>();
        onControl(() -> {
            ingress = next;
            reconcileNow(); // the ports and steering of every service programmed so far
            steered.complete(null);
        });
        return steered;
    }

    @Override
    public void deactivate() {
        activate(Set.of());
    }

    @Override
    public void setTimeouts(Timeouts timeouts) {
        onControl(() -> toAll(w -> w.setTimeouts(timeouts)));
    }

    /** Holds the verbs' lock while {@code commands} run, so no {@link #stats()} is queued in their midst. */
    @Override
    public void atomically(Runnable commands) {
        synchronized (this) {
            commands.run();
        }
    }

    @Override
    public DataplaneStats stats() {
        return MergedStatistics.of(workerStats());
    }

    /** Each worker's own statistics, in worker order (what {@link #stats()} sums). */
    public List<DataplaneStats> workerStats() {
        List<CompletableFuture<DataplaneStats>> answers = new ArrayList<>();
        try {
            synchronized (this) {
                if (closed && lastStats != null) {
                    return lastStats; // the workers are gone: the last counts are the final ones
                }
                // Behind every command queued so far (they pass the control thread), never in an atomically batch.
                for (ForwardingWorker w : workers) {
                    CompletableFuture<DataplaneStats> f = new CompletableFuture<>();
                    onControl(() -> w.post(() -> f.complete(w.stats())));
                    answers.add(f);
                }
            }
            long wait = lastStats == null ? FIRST_STATS_WAIT_SECONDS : STATS_WAIT_SECONDS;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(wait);
            List<DataplaneStats> all = new ArrayList<>();
            for (CompletableFuture<DataplaneStats> f : answers) {
                all.add(f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
            lastStats = List.copyOf(all);
        } catch (Exception e) {
            LOG.warn("dataplane statistics: a worker did not answer ({}); showing the last ones", e.toString());
            if (lastStats == null) {
                throw new IllegalStateException("a dataplane worker does not answer", e);
            }
        }
        return lastStats;
    }

    @Override
    public CompletionStage<List<ConnectionEntry>> connections() {
        CompletableFuture<List<ConnectionEntry>> all = CompletableFuture.completedFuture(List.of());
        for (ForwardingWorker w : workers) {
            CompletableFuture<List<ConnectionEntry>> f = new CompletableFuture<>();
            w.post(() -> f.complete(w.connections()));
            all = all.thenCombine(f, (a, b) -> {
                List<ConnectionEntry> both = new ArrayList<>(a);
                both.addAll(b);
                return both;
            });
        }
        return all;
    }

    @Override
    public synchronized void configureSync(SyncDaemonConfig config) {
        if (sync != null) {
            sync.close();
        } else {
            toAll(w -> w.enableSync(syncQueue, syncCounters));
        }
        SyncDaemon[] self = new SyncDaemon[1];
        sync = new SyncDaemon(config, syncQueue, syncCounters, batch -> {
            // Every worker installs the batch; the last one done gives it back to the receiver's pool.
            AtomicInteger pending = new AtomicInteger(workers.size());
            toAll(w -> {
                w.installSynced(batch);
                if (pending.decrementAndGet() == 0) {
                    self[0].recycle(batch);
                }
            });
        }, master -> toAll(w -> w.syncMaster(master)));
        self[0] = sync;
    }

    @Override
    public void syncRole(SyncRole role) {
        SyncDaemon d;
        synchronized (this) {
            d = sync;
        }
        if (d != null) {
            d.role(role);
        }
    }

    @Override
    public SyncStats syncStats() {
        SyncDaemon d;
        synchronized (this) {
            d = sync;
        }
        return d == null ? SyncStats.OFF : d.stats();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (sync != null) {
                sync.close();
            }
        }
        idles.forEach(PortIdleStrategy::stopWaiting);
        runners.forEach(AgentRunner::close); // each joins its worker thread
        idles.forEach(PortIdleStrategy::close);
        control.shutdown();
        try {
            control.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        host.close();
        ports.values().forEach(PortGroup::close);
        ports.clear();
    }

    /**
     * Runs {@code task} on the control thread, then {@link #reconcile} if a task asked for it and no other task is
     * queued: a burst of changes (a start with a thousand real servers, a reload) costs one pass over the model, its
     * route lookups and its steering, not one per change.
     */
    private void onControl(Runnable task) {
        control.execute(() -> {
            task.run();
            if (reconcileDue && control.getQueue().isEmpty()) {
                reconcileNow();
            }
        });
    }

    private void reconcileNow() {
        reconcileDue = false;
        reconcile();
    }

    /** Posts {@code command} to every worker, each to run it on its own state. */
    private void toAll(Consumer<ForwardingWorker> command) {
        for (ForwardingWorker w : workers) {
            w.post(() -> command.accept(w));
        }
    }

    /**
     * On the control thread: opens a port on every device a service needs (its VIP's and its destinations'), and
     * steers the flows of every service, active or not (see the class comment). Failures are logged and retried at
     * the next change.
     */
    private void reconcile() {
        Set<OwnedFlow> flows = new LinkedHashSet<>();
        Map<InetAddress, Optional<String>> devices = new HashMap<>(); // one route lookup per address and pass
        FlowPartition partition;
        synchronized (this) {
            partition = PartitionPlan.of(List.copyOf(services.values()), destinations);
            for (Service s : services.values()) {
                InetAddress vip = s.key().address();
                Optional<String> vipDevice = devices.computeIfAbsent(vip, this::vipDeviceWithPort);
                vipDevice.ifPresent(d -> flows.add(OwnedFlow.service(d, s.key().protocol(), vip, s.key().port())));
                for (RealServer rs : destinations.getOrDefault(s.key(), Map.of()).values()) {
                    Optional<String> rsDevice = devices.computeIfAbsent(rs.address().getAddress(), this::deviceWithPort);
                    if (rs.method() == ForwardingMethod.NAT) {
                        rsDevice.ifPresent(d -> flows.add(OwnedFlow.natReplies(d, s.key().protocol(),
                                rs.address().getAddress(), rs.address().getPort())));
                    }
                }
            }
        }
        // The workers share each interface's frames by the new partition before the kernel leaves them new flows.
        for (PortGroup group : ports.values()) {
            if (group != null && !partition.equals(partitioned.get(group.device()))) {
                try {
                    group.partition(partition);
                    partitioned.put(group.device(), partition);
                } catch (Exception e) {
                    LOG.error("dataplane: sharing {} among {} workers failed: {}", group.device(), workers.size(),
                            e.getMessage());
                }
            }
        }
        if (!flows.equals(steered)) {
            try {
                host.steer(flows);
                steered = Set.copyOf(flows);
            } catch (Exception e) {
                LOG.error("steering {} flow(s) failed: {}", flows.size(), e.getMessage());
            }
        }
    }

    /** The device a VIP's traffic arrives on ({@link #ingressDevices}, else {@link #deviceWithPort}), with its port. */
    private Optional<String> vipDeviceWithPort(InetAddress vip) {
        String named = ingress.get(vip);
        if (named == null) {
            return deviceWithPort(vip);
        }
        return ports.computeIfAbsent(named, this::open) == null ? Optional.empty() : Optional.of(named);
    }

    /** The device {@code address} is on or routed through, with a port opened on it; empty when there is none. */
    private Optional<String> deviceWithPort(InetAddress address) {
        Optional<String> device = host.deviceFor(address);
        if (device.isEmpty()) {
            LOG.warn("no interface for {}: its traffic cannot be forwarded until a route appears", address.getHostAddress());
            return device;
        }
        return ports.computeIfAbsent(device.get(), this::open) == null ? Optional.empty() : device;
    }

    private PortGroup open(String device) {
        try {
            PortGroup group = host.openPorts(device, workers.size());
            for (int i = 0; i < workers.size(); i++) {
                ForwardingWorker w = workers.get(i);
                var port = group.port(i);
                w.post(() -> w.addPort(port));
            }
            var first = group.port(0);
            LOG.info("dataplane: forwarding on {} (ifindex {}, mtu {}, {} worker(s))", device, first.ifIndex(),
                    first.mtu(), workers.size());
            return group;
        } catch (Exception e) {
            LOG.error("dataplane: cannot open a packet port on {}: {}", device, e.getMessage());
            return null;
        }
    }
}
