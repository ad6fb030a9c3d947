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
import io.vigil.dataplane.port.PacketPort;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.AgentRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Dataplane} that forwards in user space. Verbs return at once: each is validated, recorded in the
 * control model and handed to the control thread, which opens the ports the services need, replaces the steering,
 * and posts the change to the {@link ForwardingWorker}. The steering covers every service, active or not: VRRP adds a
 * VIP and announces it before the dataplane hears of the new MASTER, and a kernel that saw VIP:port in that moment
 * would reset the connections a director taking over mid-flow is about to carry on (sloppy TCP, sync). Inactive, the
 * flows are dropped, as IPVS's services exist on a backup too; activation only tells the worker to forward.
 *
 * <p>Threading: every public method is thread-safe.
 */
public final class UserSpaceDataplane implements Dataplane {

    private static final Logger LOG = LoggerFactory.getLogger(UserSpaceDataplane.class);
    private static final long STATS_WAIT_SECONDS = 2;

    private final HostNetwork host;
    private final ForwardingWorker worker;
    private final AgentRunner runner;
    private final ExecutorService control;
    /** The control model: what was programmed, for steering and port decisions. Guarded by {@code this}. */
    private final Map<ServiceKey, Service> services = new LinkedHashMap<>();
    private final Map<ServiceKey, Map<InetSocketAddress, RealServer>> destinations = new HashMap<>();
    /** Owned by the control thread. */
    private final Map<String, PacketPort> ports = new HashMap<>();
    private Set<OwnedFlow> steered = Set.of();
    private volatile DataplaneStats lastStats;
    private boolean closed;
    /** Records the workers may queue for the sync sender before they drop and count. */
    private static final int SYNC_QUEUE_RECORDS = 65536;
    private final SyncQueue syncQueue = new SyncQueue(SYNC_QUEUE_RECORDS);
    private final SyncCounters syncCounters = new SyncCounters();
    private SyncDaemon sync;

    private UserSpaceDataplane(HostNetwork host, DataplaneSettings settings, Timeouts timeouts) {
        this.host = host;
        PortIdleStrategy idle = new PortIdleStrategy();
        this.worker = new ForwardingWorker(settings.connectionCapacity(), timeouts, host.nextHops(), idle,
                host.housekeeping());
        this.worker.sloppyTcp(settings.sloppyTcp());
        this.runner = new AgentRunner(idle, e -> LOG.error("dataplane worker: {}", e.toString(), e), null, worker);
        this.control = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "vigil-dataplane-control");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the worker thread over {@code host}. */
    public static UserSpaceDataplane start(HostNetwork host, DataplaneSettings settings) {
        UserSpaceDataplane dp = new UserSpaceDataplane(host, settings, Timeouts.IPVS_DEFAULTS);
        AgentRunner.startOnThread(dp.runner);
        return dp;
    }

    @Override
    public synchronized void addService(Service service) {
        services.put(service.key(), service);
        destinations.computeIfAbsent(service.key(), k -> new LinkedHashMap<>());
        control.execute(() -> {
            worker.post(() -> worker.addService(service));
            reconcile();
        });
    }

    @Override
    public synchronized void removeService(ServiceKey key) {
        if (services.remove(key) == null) {
            return;
        }
        destinations.remove(key);
        control.execute(() -> {
            worker.post(() -> worker.removeService(key));
            reconcile();
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
        control.execute(() -> {
            reconcile();
            worker.post(() -> worker.setRealServer(service, realServer));
        });
    }

    @Override
    public synchronized void removeRealServer(ServiceKey service, InetSocketAddress realServer) {
        Map<InetSocketAddress, RealServer> pool = destinations.get(service);
        if (pool == null || pool.remove(realServer) == null) {
            return;
        }
        control.execute(() -> {
            worker.post(() -> worker.removeRealServer(service, realServer));
            reconcile();
        });
    }

    @Override
    public synchronized void activate(Set<InetAddress> vips) {
        Set<InetAddress> next = Set.copyOf(vips);
        // The ports and the steering are in place since the services were added (see reconcile).
        control.execute(() -> worker.post(() -> worker.activate(next)));
    }

    @Override
    public void deactivate() {
        activate(Set.of());
    }

    @Override
    public void setTimeouts(Timeouts timeouts) {
        control.execute(() -> worker.post(() -> worker.setTimeouts(timeouts)));
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
        CompletableFuture<DataplaneStats> f = new CompletableFuture<>();
        try {
            synchronized (this) {
                if (closed && lastStats != null) {
                    return lastStats; // the worker is gone: the last counts are the final ones
                }
                // Behind every command queued so far (they pass the control thread), never in an atomically batch.
                control.execute(() -> worker.post(() -> f.complete(worker.stats())));
            }
            lastStats = f.get(STATS_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("dataplane statistics: the worker did not answer ({}); showing the last ones", e.toString());
            if (lastStats == null) {
                throw new IllegalStateException("the dataplane worker does not answer", e);
            }
        }
        return lastStats;
    }

    @Override
    public CompletionStage<List<ConnectionEntry>> connections() {
        CompletableFuture<List<ConnectionEntry>> f = new CompletableFuture<>();
        worker.post(() -> f.complete(worker.connections()));
        return f;
    }

    @Override
    public synchronized void configureSync(SyncDaemonConfig config) {
        if (sync != null) {
            sync.close();
        } else {
            worker.post(() -> worker.enableSync(syncQueue, syncCounters));
        }
        SyncDaemon[] self = new SyncDaemon[1];
        sync = new SyncDaemon(config, syncQueue, syncCounters,
                batch -> worker.post(() -> {
                    worker.installSynced(batch);
                    self[0].recycle(batch);
                }),
                master -> worker.post(() -> worker.syncMaster(master)));
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
        runner.close();
        control.shutdown();
        try {
            control.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        host.close();
        for (PacketPort p : ports.values()) {
            p.close();
        }
        ports.clear();
    }

    /**
     * On the control thread: opens a port on every device a service needs (its VIP's and its destinations'), and
     * steers the flows of every service, active or not (see the class comment). Failures are logged and retried at
     * the next change.
     */
    private void reconcile() {
        Set<OwnedFlow> flows = new LinkedHashSet<>();
        synchronized (this) {
            for (Service s : services.values()) {
                InetAddress vip = s.key().address();
                Optional<String> vipDevice = deviceWithPort(vip);
                vipDevice.ifPresent(d -> flows.add(OwnedFlow.service(d, s.key().protocol(), vip, s.key().port())));
                for (RealServer rs : destinations.getOrDefault(s.key(), Map.of()).values()) {
                    Optional<String> rsDevice = deviceWithPort(rs.address().getAddress());
                    if (rs.method() == ForwardingMethod.NAT) {
                        rsDevice.ifPresent(d -> flows.add(OwnedFlow.natReplies(d, s.key().protocol(),
                                rs.address().getAddress(), rs.address().getPort())));
                    }
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

    /** The device {@code address} is on or routed through, with a port opened on it; empty when there is none. */
    private Optional<String> deviceWithPort(InetAddress address) {
        Optional<String> device = host.deviceFor(address);
        if (device.isEmpty()) {
            LOG.warn("no interface for {}: its traffic cannot be forwarded until a route appears", address.getHostAddress());
            return device;
        }
        return ports.computeIfAbsent(device.get(), this::open) == null ? Optional.empty() : device;
    }

    private PacketPort open(String device) {
        try {
            PacketPort port = host.openPort(device);
            worker.post(() -> worker.addPort(port));
            LOG.info("dataplane: forwarding on {} (ifindex {}, mtu {})", device, port.ifIndex(), port.mtu());
            return port;
        } catch (Exception e) {
            LOG.error("dataplane: cannot open a packet port on {}: {}", device, e.getMessage());
            return null;
        }
    }
}
