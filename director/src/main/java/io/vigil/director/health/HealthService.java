package io.vigil.director.health;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import io.vigil.director.config.KeepalivedConfig;
import io.vigil.director.config.VirtualServerGroup;
import io.vigil.director.metrics.HealthMetrics;
import io.vigil.healthcheck.HealthCheckLoop;
import io.vigil.healthcheck.check.CheckResult;
import io.vigil.healthcheck.check.CheckTransport;
import io.vigil.healthcheck.check.Checker;
import io.vigil.healthcheck.check.CheckerFactory;
import io.vigil.healthcheck.check.Pinger;
import io.vigil.healthcheck.event.PoolEntry;
import io.vigil.healthcheck.event.PoolEvent;
import io.vigil.healthcheck.event.PoolView;
import io.vigil.healthcheck.script.ProcessScriptLauncher;
import io.vigil.healthcheck.spec.ProbeSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import io.netty.channel.IoEventLoop;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's health checking: every virtual_server's checks run on one event loop of its own (thread
 * {@code vigil-health}, never the VRRP loop), and this service keeps each virtual server's live pool. The pools are
 * published as an immutable snapshot ({@link #pools()}), refreshed after every pool event and every
 * {@link #REFRESH_NANOS}; {@link PoolsListener}s hear about changes of pool membership or weight. Transitions are
 * logged in keepalived's words. Threading: all state is owned by the health loop; public methods may be called
 * from any thread.
 */
public final class HealthService implements AutoCloseable {

    /** How often the snapshot (and the metrics) follow the checkers' last results between pool events. */
    public static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final Logger LOG = LoggerFactory.getLogger(HealthService.class);

    private final MultiThreadIoEventLoopGroup group;
    private final EventLoop loop;
    private final MeterRegistry registry;
    private volatile HealthMapping mapping;
    private volatile List<VirtualServerGroup> groups;
    private volatile HealthMetrics metrics;
    private TransitionLog log;
    private final List<PoolsListener> listeners = new CopyOnWriteArrayList<>();
    private final List<QuorumListener> quorumListeners = new CopyOnWriteArrayList<>();
    private final HealthCheckLoop checks;
    private final AutoCloseable pinger;
    private volatile Map<String, PoolView> pools = Map.of();
    private Map<String, List<PoolEntry>> lastEntries = Map.of();
    private boolean refreshPending;
    private ScheduledFuture<?> refresher;

    private HealthService(KeepalivedConfig config, MeterRegistry registry,
                          Function<IoEventLoop, Optional<Pinger>> pingers) {
        this.registry = registry;
        this.mapping = HealthSpecMapper.map(config);
        this.groups = config.virtualServerGroups();
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("vigil-health"),
                EpollIoHandler.newFactory());
        this.loop = group.next();
        Optional<Pinger> pinger = pingers.apply((IoEventLoop) loop);
        this.pinger = pinger.filter(AutoCloseable.class::isInstance).map(AutoCloseable.class::cast).orElse(null);
        this.metrics = new HealthMetrics(registry, mapping.services());
        this.log = transitionLog(mapping);
        ProcessScriptLauncher scripts = new ProcessScriptLauncher(loop);
        CheckerFactory factory = new CheckerFactory(CheckTransport.epoll(group), scripts, pinger);
        this.checks = new HealthCheckLoop(loop, probe -> observed(factory, probe), scripts, this::onEvent,
                new SplittableRandom());
    }

    /**
     * Maps every virtual_server of {@code config} and starts its checks. Without a {@code pinger}, PING_CHECK
     * fails with reason {@code internal}.
     */
    public static HealthService start(KeepalivedConfig config, MeterRegistry registry, Optional<Pinger> pinger) {
        return start(config, registry, loop -> pinger);
    }

    /**
     * As {@link #start(KeepalivedConfig, MeterRegistry, Optional)}, with PING_CHECK sent by a {@link KernelPinger}
     * on the health loop when the file has any PING_CHECK. If its raw sockets cannot be opened, PING_CHECK fails
     * with reason {@code internal} and the reason is logged.
     */
    public static HealthService startWithKernelPinger(KeepalivedConfig config, MeterRegistry registry) {
        boolean pings = config.virtualServers().stream().flatMap(vs -> vs.realServers().stream())
                .flatMap(rs -> rs.checkers().stream()).anyMatch(c -> c instanceof io.vigil.director.config.PingCheck);
        return start(config, registry, loop -> {
            if (!pings) {
                return Optional.empty();
            }
            try {
                return Optional.of(KernelPinger.open(loop));
            } catch (io.vigil.dataplane.linux.LinuxException e) {
                LOG.error("PING_CHECK: cannot open ICMP sockets: {}", e.getMessage());
                return Optional.empty();
            }
        });
    }

    private static HealthService start(KeepalivedConfig config, MeterRegistry registry,
                                       Function<IoEventLoop, Optional<Pinger>> pingers) {
        HealthService service = new HealthService(config, registry, pingers);
        try {
            for (String w : service.mapping.warnings()) {
                LOG.warn("{}", w);
            }
            service.checks.start(service.mapping.specs()).join();
            service.checks.pools().thenAccept(service::publish).join();
            service.loop.execute(() -> service.refresher = service.loop.scheduleAtFixedRate(service::refresh,
                    REFRESH_NANOS, REFRESH_NANOS, TimeUnit.NANOSECONDS));
            for (MappedService s : service.mapping.services()) {
                LOG.info("virtual_server {}: checking {} real server(s)", s.spec().name(), s.spec().realServers().size());
            }
            return service;
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
    }

    /** The virtual servers checked, with their names. */
    public HealthMapping mapping() {
        return mapping;
    }

    private static TransitionLog transitionLog(HealthMapping mapping) {
        return new TransitionLog(mapping.services().stream().collect(Collectors.toMap(s -> s.spec().name(),
                s -> s.model().protocol())));
    }

    /**
     * Applies a reloaded configuration in one task on the health loop, so a {@link #list} or a scrape sees the old
     * pools or the new ones, never half of each: virtual servers are matched by name (keepalived's label), unchanged
     * ones keep running untouched, changed ones keep the health and counters of their unchanged real servers and
     * checkers (a weight change applies at once), new ones start (real servers with {@code alpha} start down),
     * removed ones stop. The per-service metric series follow, and the {@link PoolsListener}s hear each pool that
     * changed (a removed virtual server's pool as empty). Completes once applied and published.
     */
    public CompletableFuture<Void> reconfigure(KeepalivedConfig config) {
        HealthMapping next = HealthSpecMapper.map(config);
        return CompletableFuture.runAsync(() -> {
            for (String w : next.warnings()) {
                LOG.warn("{}", w);
            }
            checks.reconfigure(next.specs()).join(); // on the loop: runs at once
            metrics.close();
            metrics = new HealthMetrics(registry, next.services());
            log = transitionLog(next);
            mapping = next;
            groups = config.virtualServerGroups();
            checks.pools().thenAccept(this::publish).join();
        }, loop);
    }

    /** The last published pools by virtual server name; immutable. */
    public Map<String, PoolView> pools() {
        return pools;
    }

    /** Adds a listener of pool changes; it is called at once with every current pool, on the health loop. */
    public void addListener(PoolsListener listener) {
        loop.execute(() -> {
            listeners.add(listener);
            lastEntries.forEach(listener::poolChanged);
        });
    }

    /** Adds a listener of quorum changes; it is called at once with every current state, on the health loop. */
    public void addQuorumListener(QuorumListener listener) {
        loop.execute(() -> {
            quorumListeners.add(listener);
            pools.forEach((name, view) -> listener.quorumChanged(name, view.quorumUp()));
        });
    }

    /** {@code vigil list}: the live pools in ipvsadm's layout, or as JSON. */
    public CompletableFuture<String> list(boolean json) {
        return CompletableFuture.supplyAsync(() -> { // one loop task: never half of a reload
            Map<String, PoolView> byName = byName(checks.pools().join());
            return json ? IpvsListing.json(mapping.services(), groups, byName)
                    : IpvsListing.text(mapping.services(), groups, byName);
        }, loop);
    }

    /** Stops every check (running the omega scripts) and the health loop. Idempotent. */
    @Override
    public void close() {
        if (!group.isShuttingDown()) {
            loop.execute(() -> {
                if (refresher != null) {
                    refresher.cancel(false);
                }
            });
            checks.close();
            if (pinger != null) {
                try {
                    pinger.close();
                } catch (Exception e) {
                    LOG.warn("closing the ICMP pinger: {}", e.getMessage());
                }
            }
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private Checker observed(CheckerFactory factory, ProbeSpec probe) {
        Checker checker = factory.create(probe);
        return new Checker() {
            @Override
            public CompletableFuture<CheckResult> probe() {
                CompletableFuture<CheckResult> result = checker.probe();
                result.whenComplete((r, e) -> {
                    if (r != null) {
                        metrics.probed(checker.keyword(), r);
                    }
                });
                return result;
            }

            @Override
            public long deadlineNanos() {
                return checker.deadlineNanos();
            }

            @Override
            public boolean completesByDeadline() {
                return checker.completesByDeadline();
            }

            @Override
            public String keyword() {
                return checker.keyword();
            }
        };
    }

    /** On the health loop, in order. */
    private void onEvent(PoolEvent event) {
        for (String line : log.lines(event)) {
            LOG.info("{}", line);
        }
        if (!refreshPending) {
            refreshPending = true;
            loop.execute(this::refresh);
        }
    }

    private void refresh() {
        refreshPending = false;
        checks.pools().thenAccept(this::publish);
    }

    /**
     * On the health loop: the new snapshot, the metrics, and the listeners for each pool that changed; a pool that
     * is gone (its virtual server removed by a reload) is heard as empty.
     */
    private void publish(List<PoolView> views) {
        Map<String, PoolView> byName = byName(views);
        Map<String, PoolView> before = pools;
        pools = byName;
        metrics.update(byName);
        Map<String, List<PoolEntry>> entries = new LinkedHashMap<>();
        byName.forEach((name, view) -> entries.put(name, view.entries()));
        Map<String, List<PoolEntry>> previous = lastEntries;
        lastEntries = Collections.unmodifiableMap(entries);
        entries.forEach((name, pool) -> {
            if (!pool.equals(previous.get(name))) {
                notifyListeners(name, pool);
            }
        });
        previous.forEach((name, pool) -> {
            if (!entries.containsKey(name) && !pool.isEmpty()) {
                notifyListeners(name, List.of());
            }
        });
        byName.forEach((name, view) -> {
            PoolView old = before.get(name);
            if (old == null || old.quorumUp() != view.quorumUp()) {
                notifyQuorum(name, view.quorumUp());
            }
        });
        before.keySet().stream().filter(name -> !byName.containsKey(name)).forEach(name -> notifyQuorum(name, false));
    }

    private void notifyQuorum(String virtualServer, boolean up) {
        for (QuorumListener l : quorumListeners) {
            try {
                l.quorumChanged(virtualServer, up);
            } catch (RuntimeException e) {
                LOG.warn("quorum listener failed for {}", virtualServer, e);
            }
        }
    }

    private void notifyListeners(String virtualServer, List<PoolEntry> pool) {
        for (PoolsListener l : listeners) {
            try {
                l.poolChanged(virtualServer, pool);
            } catch (RuntimeException e) {
                LOG.warn("pool listener failed for {}", virtualServer, e);
            }
        }
    }

    private static Map<String, PoolView> byName(List<PoolView> views) {
        Map<String, PoolView> out = new LinkedHashMap<>();
        for (PoolView v : views) {
            out.put(v.virtualServer(), v);
        }
        return Collections.unmodifiableMap(out);
    }
}
