package io.vigil.director.daemon;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import io.vigil.dataplane.linux.ServiceNotifier;
import io.vigil.dataplane.api.Dataplane;
import io.vigil.dataplane.forward.LinuxHostNetwork;
import io.vigil.dataplane.forward.UserSpaceDataplane;
import io.vigil.dataplane.linux.Errno;
import io.vigil.dataplane.linux.LinuxException;
import io.vigil.dataplane.linux.NetworkInterfaces;
import io.vigil.dataplane.linux.NftException;
import io.vigil.director.config.ConfigDiff;
import io.vigil.director.config.ConfigLoad;
import io.vigil.director.config.ConfigLoader;
import io.vigil.director.config.Diagnostic;
import io.vigil.director.config.KeepalivedConfig;
import io.vigil.director.config.VrrpScript;
import io.vigil.director.control.ControlReply;
import io.vigil.director.control.ControlServer;
import io.vigil.director.engine.Conductor;
import io.vigil.director.engine.ServiceMapper;
import io.vigil.director.engine.ServiceProgram;
import io.vigil.director.health.HealthService;
import io.vigil.director.listing.DataplaneListing;
import io.vigil.director.listing.ListOptions;
import io.vigil.director.listing.RateEstimator;
import io.vigil.director.metrics.BuildInfo;
import io.vigil.director.metrics.DataplaneMetrics;
import io.vigil.director.metrics.MetricsServer;
import io.vigil.director.metrics.SyncMetrics;
import io.vigil.director.metrics.VrrpMetrics;
import io.vigil.director.settings.EngineSettings;
import io.vigil.director.settings.SettingsLoad;
import io.vigil.director.vrrp.InterfaceAddresses;
import io.vigil.director.vrrp.NotifyRunner;
import io.vigil.director.vrrp.ScriptScheduler;
import io.vigil.director.vrrp.TrackFileWatcher;
import io.vigil.director.vrrp.VrrpBindings;
import io.vigil.healthcheck.script.ProcessScriptLauncher;
import io.vigil.vrrp.io.InstanceBinding;
import io.vigil.vrrp.io.KernelVipOwner;
import io.vigil.vrrp.io.LinkWatcher;
import io.vigil.vrrp.io.VrrpLoop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code vigil run} daemon. It reads keepalived.conf and the engine settings, claims the state directory,
 * and starts, each on its own thread: the VRRP loop (every instance, raw sockets, timers, link tracking), the
 * scripts executor (vrrp_script and notify scripts), the health-check loop (every virtual_server's checks and live
 * pool) and the director loop (control socket and Prometheus endpoint). {@link #stop()} shuts down as keepalived does on SIGTERM: priority-0 adverts, VIPs removed,
 * {@code notify_stop} run, then everything closed.
 */
public final class Daemon {

    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    private static final long NOTIFY_DRAIN_SECONDS = 10;

    private final StateDir stateDir;
    private final ServiceNotifier serviceManager = openServiceNotifier();
    private final EventLoopGroup vrrpGroup;
    private final EventLoopGroup directorGroup;
    private final DefaultEventLoopGroup scriptsGroup;
    private VrrpLoop vrrp;
    private LinkWatcher links;
    private ScriptScheduler scripts;
    private volatile TrackFileWatcher trackFiles;
    private NotifyRunner notify;
    private MetricsServer metricsServer;
    private ControlServer control;
    private HealthService health;
    private Dataplane dataplane;
    /** How the sync daemon is set up, for {@code vigil status}; null without one. */
    private volatile String syncDescription;
    /** The vigil.dataplane.backend setting, for status while no port is open. */
    private volatile String dataplaneBackend = "auto";
    private Conductor conductor;
    private io.vigil.director.settings.AnnounceSettings announce = io.vigil.director.settings.AnnounceSettings.NONE;
    private DataplaneListing listing;
    private ScheduledFuture<?> listingTick;
    /** Held: Micrometer's gauges and function counters keep only a weak reference to it (NaN and 0 once collected). */
    private SyncMetrics syncMetrics;
    private Reloader reloader;
    private final java.util.concurrent.ExecutorService reloadThread = java.util.concurrent.Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("vigil-reload").daemon(true).factory());
    private boolean stopped;
    /** The configuration running now, for {@code status --json=keepalived}; set at start and by each reload. */
    private volatile KeepalivedConfig runningConfig;

    private Daemon(StateDir stateDir) {
        this.stateDir = stateDir;
        this.vrrpGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("vigil-vrrp"), EpollIoHandler.newFactory());
        this.directorGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("vigil-director"), EpollIoHandler.newFactory());
        this.scriptsGroup = new DefaultEventLoopGroup(1, new DefaultThreadFactory("vigil-scripts"));
    }

    /**
     * Starts the daemon.
     *
     * @throws StartupException with an operator-facing message (bad configuration, missing interface, no
     *                          CAP_NET_RAW, state directory in use, port taken)
     */
    public static Daemon start(DaemonOptions options) throws StartupException {
        SettingsLoad settingsLoad = io.vigil.director.settings.EngineSettingsLoader.load(options.settingsFile(), System.getProperties());
        if (!settingsLoad.ok()) {
            throw new StartupException("engine settings: " + String.join("; ", settingsLoad.problems()), 3);
        }
        EngineSettings settings = settingsLoad.settings();
        applyLogLevel(settings.logLevel());
        ConfigLoad load = new ConfigLoader(options.configId() == null ? ConfigLoader.defaultConfigId()
                : options.configId(), false, Daemon::interfaceExists).load(options.configFile());
        for (Diagnostic d : load.diagnostics()) {
            LOG.warn("{}", d.format());
        }
        if (load.exitCode() == 3) {
            throw new StartupException("configuration " + options.configFile() + " cannot run (see the errors above)", 3);
        }
        StateDir stateDir = new StateDir(options.stateDir() != null ? options.stateDir() : settings.stateDir());
        try {
            stateDir.claim();
        } catch (IOException e) {
            throw new StartupException("state directory: " + e.getMessage(), 1, e);
        }
        Daemon daemon = new Daemon(stateDir);
        try {
            daemon.startAll(load.config(), settings, options);
            return daemon;
        } catch (StartupException e) {
            daemon.stop();
            throw e;
        } catch (RuntimeException e) {
            daemon.stop();
            throw new StartupException(e.getMessage(), 1, e);
        }
    }

    private void startAll(KeepalivedConfig config, EngineSettings settings, DaemonOptions options) throws StartupException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ProcessScriptLauncher launcher = new ProcessScriptLauncher(scriptsGroup.next());
        BuildInfo.register(registry);
        Conductor[] engine = new Conductor[1];
        notify = new NotifyRunner(config, launcher, scriptsGroup, change -> {
            if (engine[0] != null) {
                engine[0].instanceState(change.instance(), change.state());
            }
        });
        List<InstanceBinding> bindings;
        IoEventLoop loop = (IoEventLoop) vrrpGroup.next();
        try (NetworkInterfaces interfaces = NetworkInterfaces.open()) {
            VrrpBindings mapping = new VrrpBindings(config, primaryAddresses(interfaces));
            bindings = mapping.instances();
            List<String> devices = bindings.stream().flatMap(b -> b.vips().stream()).map(v -> v.device()).distinct().toList();
            vrrp = VrrpLoop.open(loop, bindings, mapping.syncGroups(), KernelVipOwner.open(devices), notify);
            links = LinkWatcher.open(loop, vrrp);
        } catch (LinuxException e) {
            String hint = e.errno() == Errno.EPERM
                    ? "; vigil run needs root, or CAP_NET_RAW and CAP_NET_ADMIN" : "";
            throw new StartupException("cannot open the VRRP sockets: " + e.getMessage() + hint, 1, e);
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage(), 3, e);
        }
        List<VrrpScript> vrrpScripts = config.vrrpScripts();
        scripts = new ScriptScheduler(scriptsGroup.next(), launcher, config.globalDefs().scriptUser(), vrrp::scriptChanged);
        VrrpMetrics metrics = new VrrpMetrics(registry, vrrp.bindings(), vrrp::stats, scripts::status, scripts::state,
                vrrpScripts.stream().map(VrrpScript::name).toList());
        health = HealthService.startWithKernelPinger(config, registry);
        engine[0] = startDataplane(config, settings, bindings);
        if (dataplane != null) {
            startListing(registry);
        }
        try {
            InetSocketAddress listen = new InetSocketAddress(settings.metricsHost(), settings.metricsPort());
            metricsServer = MetricsServer.start(listen, settings.metricsPath(), directorGroup, registry);
            control = ControlServer.start(stateDir.path(), directorGroup, this::handle);
        } catch (IOException e) {
            throw new StartupException(e.getMessage(), 1, e);
        }
        trackFiles = watchTrackFiles(config);
        vrrp.start(links.initialStates(), ScriptScheduler.initialStates(vrrpScripts)).join();
        scripts.start(vrrpScripts);
        reloader = new Reloader(new ConfigLoader(options.configId() == null ? ConfigLoader.defaultConfigId()
                : options.configId(), false, Daemon::interfaceExists), options.configFile(), config,
                Daemon::bindings, vrrp, notify, scripts, metrics, health, registry);
        reloader.addListener(this::reloadDataplane);
        runningConfig = config;
        reloader.addListener((diff, before, after) -> {
            if (!before.trackFiles().equals(after.trackFiles())) {
                trackFiles.close();
                trackFiles = watchTrackFiles(after);
            }
            runningConfig = after;
            return CompletableFuture.completedFuture(null);
        });
        LOG.info("vigil running: {} vrrp_instance(s), metrics on {}{}, control socket {}", bindings.size(),
                metricsServer.localAddress(), settings.metricsPath(), control.socketPath());
        tellServiceManager("READY=1\nSTATUS=" + bindings.size() + " vrrp_instance(s), metrics on "
                + metricsServer.localAddress() + settings.metricsPath());
    }

    /** Follows the configuration's track_files for the VRRP instances; a watch that cannot start is logged. */
    private TrackFileWatcher watchTrackFiles(KeepalivedConfig config) {
        TrackFileWatcher watcher = new TrackFileWatcher(config.trackFiles(), vrrp::fileChanged);
        try {
            watcher.start();
        } catch (IOException e) {
            LOG.warn("cannot watch the track_files, their values stay as last read: {}", e.toString());
        }
        return watcher;
    }

    /** One sd_notify(3) message; a failure is logged, never fatal (the daemon works without a service manager). */
    private void tellServiceManager(String state) {
        try {
            serviceManager.send(state);
        } catch (LinuxException e) {
            LOG.warn("cannot notify the service manager ({}): {}", state.lines().findFirst().orElse(""), e.getMessage());
        }
    }

    private static ServiceNotifier openServiceNotifier() {
        try {
            return ServiceNotifier.fromEnvironment(System.getenv());
        } catch (LinuxException | IllegalArgumentException e) {
            LOG.warn("NOTIFY_SOCKET is set but unusable, the service manager will not hear from vigil: {}", e.getMessage());
            return ServiceNotifier.disabled();
        }
    }

    /**
     * The dataplane and its conductor, when forwarding is enabled and some virtual_server can be forwarded; the
     * health pools and VRRP states reach it from then on.
     */
    private Conductor startDataplane(KeepalivedConfig config, EngineSettings settings, List<InstanceBinding> bindings)
            throws StartupException {
        if (!settings.dataplane().enabled() || config.virtualServers().isEmpty()) {
            return null;
        }
        List<ServiceProgram> programs = ServiceMapper.map(config, health.mapping().services(), w -> LOG.warn("{}", w));
        if (programs.isEmpty()) {
            return null;
        }
        try {
            dataplane = UserSpaceDataplane.start(LinuxHostNetwork.open(settings.dataplane()), settings.dataplane());
            dataplaneBackend = settings.dataplane().backend().settingName();
        } catch (LinuxException | NftException e) {
            throw new StartupException("cannot start the dataplane: " + e.getMessage(), 1, e);
        }
        conductor = new Conductor(dataplane, programs, ServiceMapper.instanceVips(config),
                ServiceMapper.timeouts(config.globalDefs().lvsTimeouts()));
        ServiceMapper.syncDaemon(config).ifPresent(sync -> {
            syncDescription = "on " + sync.interfaceName() + " following " + config.globalDefs().lvsSyncDaemon().vrrpInstance()
                    + ", syncid " + sync.syncId() + ", group " + sync.group().getHostAddress() + ":" + sync.port()
                    + ", maxlen " + sync.maxLength();
            dataplane.configureSync(sync);
            conductor.followSync(config.globalDefs().lvsSyncDaemon().vrrpInstance());
        });
        health.addListener(conductor::poolChanged);
        if (settings.announce().enabled()) {
            announce = settings.announce();
            ActiveActive.start(announce, programs, dataplane, conductor, health);
        }
        return conductor;
    }

    /** The dataplane's lines of {@code vigil status}: the backend of each port; empty when nothing forwards. */
    private String dataplaneStatus() {
        Dataplane source = dataplane;
        if (source == null) {
            return "";
        }
        try {
            return StatusReport.dataplane(dataplaneBackend, source.stats().ports());
        } catch (RuntimeException e) {
            return "Dataplane\n  backend          unknown (" + e.getMessage() + ")\n";
        }
    }

    /** A reload's part in the dataplane: the new services and VRRP addresses, as a keyed diff (Conductor.reconfigure). */
    private CompletionStage<Void> reloadDataplane(ConfigDiff diff, KeepalivedConfig before, KeepalivedConfig after) {
        if (conductor != null && !diff.isEmpty()) {
            conductor.reconfigure(ServiceMapper.map(after, health.mapping().services(), w -> LOG.warn("{}", w)),
                    ServiceMapper.instanceVips(after), ServiceMapper.timeouts(after.globalDefs().lvsTimeouts()));
        }
        return CompletableFuture.completedFuture(null);
    }

    private CompletionStage<ControlReply> handle(List<String> request) {
        if (request.isEmpty()) {
            return CompletableFuture.completedFuture(ControlReply.error("empty request; expected status, list or reload"));
        }
        return switch (request.getFirst()) {
            case "status" -> status(request);
            case "list" -> list(request.subList(1, request.size()));
            case "reload" -> reloadRequest(request);
            default -> CompletableFuture.completedFuture(ControlReply.error("unknown request '"
                    + request.getFirst() + "'; expected status, list or reload"));
        };
    }

    /** {@code status}, {@code status --json} or {@code status --json=keepalived} (keepalived's SIGJSON layout). */
    private CompletionStage<ControlReply> status(List<String> request) {
        KeepalivedConfig config = runningConfig;
        return vrrp.status().thenApply(list -> ControlReply.ok(
                request.contains("--json=keepalived") ? KeepalivedStatusJson.json(list, config)
                        : request.contains("--json") ? StatusReport.json(list)
                        : dataplaneStatus() + ActiveActive.status(conductor, announce)
                        + StatusReport.text(list) + syncStatus()));
    }

    /** {@code vigil status}'s sync line: the role and the settings, or nothing without {@code lvs_sync_daemon}. */
    private String syncStatus() {
        Dataplane dp = dataplane;
        String description = syncDescription;
        if (dp == null || description == null) {
            return "";
        }
        return "Sync daemon: " + dp.syncStats().role() + " " + description + "\n";
    }

    /** Samples the dataplane's counters every 2 s on the director loop, for the rates and the metrics' series. */
    private void startListing(MeterRegistry registry) {
        Dataplane source = dataplane;
        RateEstimator rates = new RateEstimator(source::stats);
        DataplaneMetrics metrics = new DataplaneMetrics(registry, source::stats);
        syncMetrics = new SyncMetrics(registry, source::syncStats);
        listing = new DataplaneListing(source, rates::rates);
        rates.doWork(System.nanoTime());
        listingTick = directorGroup.next().scheduleAtFixedRate(() -> {
            rates.doWork(System.nanoTime());
            metrics.refresh();
        }, RateEstimator.INTERVAL_NANOS, RateEstimator.INTERVAL_NANOS, TimeUnit.NANOSECONDS);
    }

    /** {@code vigil list OPTIONS}: from the dataplane when there is one, else the plain or JSON health listing. */
    private CompletionStage<ControlReply> list(List<String> words) {
        ListOptions options;
        try {
            options = ListOptions.parse(words);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new ControlReply(2, "vigil list: " + e.getMessage() + "\n"));
        }
        if (listing != null) {
            return listing.list(options).thenApply(ControlReply::ok);
        }
        if (options.stats() || options.rate() || options.connections() || options.timeout()) {
            return CompletableFuture.completedFuture(ControlReply.error("vigil list: the dataplane is not running, so "
                    + "there are no counters, connections or timeouts to list; plain `vigil list` and --json show the "
                    + "health pools\n"));
        }
        return health.list(options.json()).thenApply(ControlReply::ok);
    }

    /**
     * SIGHUP: re-reads the {@code -f} file and applies it, or keeps the running configuration (see {@link Reloader}),
     * with {@code RELOADING=1} and {@code READY=1} to the service manager around it. Runs on the reload thread;
     * reloads never overlap. Callable from any thread.
     */
    public CompletableFuture<ReloadOutcome> reload() {
        return CompletableFuture.supplyAsync(this::notifiedReload, reloadThread);
    }

    /**
     * On the reload thread: tells the service manager that a reload runs ({@code RELOADING=1}), applies the
     * {@code -f} file again ({@link Reloader#reload}), and tells it that the daemon is ready again ({@code READY=1}),
     * whether the file was applied or refused.
     */
    private ReloadOutcome notifiedReload() {
        tellServiceManager("RELOADING=1\nMONOTONIC_USEC=" + System.nanoTime() / 1000);
        try {
            return reloader.reload();
        } finally {
            tellServiceManager("READY=1");
        }
    }

    /** The reload hook for the dataplane: {@code listener} hears every applied reload's {@link io.vigil.director.config.ConfigDiff}. */
    public void addReloadListener(ReloadListener listener) {
        reloader.addListener(listener);
    }

    /** {@code reload} (apply the -f file) or {@code reload --diff FILE} (what applying FILE would change). */
    private CompletionStage<ControlReply> reloadRequest(List<String> request) {
        boolean dryRun = request.size() == 3 && request.get(1).equals("--diff");
        if (request.size() != 1 && !dryRun) {
            return CompletableFuture.completedFuture(ControlReply.error("expected 'reload' or 'reload --diff FILE'"));
        }
        return CompletableFuture.supplyAsync(() -> dryRun ? reloader.diff(Path.of(request.get(2))) : notifiedReload(),
                reloadThread).handle((outcome, e) -> e != null
                ? new ControlReply(1, "reload failed: " + e.getMessage() + "\n")
                : new ControlReply(outcome.exitCode(), outcome.text(dryRun)));
    }

    /** Graceful shutdown; idempotent. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        LOG.info("stopping");
        tellServiceManager("STOPPING=1");
        reloadThread.shutdownNow();
        // VRRP first: the priority-0 adverts let the backup take over after its skew time, so nothing may delay them.
        if (vrrp != null) {
            vrrp.stop().join();
        }
        if (conductor != null) {
            ActiveActive.drain(conductor, announce); // the routers move the flows away while this one still forwards
        }
        if (trackFiles != null) {
            trackFiles.close();
        }
        if (scripts != null) {
            scripts.close();
        }
        if (health != null) {
            health.close();
        }
        if (listingTick != null) {
            listingTick.cancel(false); // it samples the dataplane, which goes next
        }
        if (conductor != null) {
            conductor.close();
        }
        if (dataplane != null) {
            dataplane.close();
        }
        if (notify != null) {
            try {
                notify.drained().get(NOTIFY_DRAIN_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("notify scripts still running at exit: {}", e.getMessage());
            }
        }
        if (links != null) {
            links.close();
        }
        if (control != null) {
            control.close();
        }
        if (metricsServer != null) {
            metricsServer.close();
        }
        vrrpGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        directorGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        scriptsGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        stateDir.release();
        LOG.info("stopped");
        try {
            serviceManager.close();
        } catch (LinuxException e) {
            LOG.debug("closing the notify socket: {}", e.getMessage());
        }
    }

    /** The control socket's state directory. */
    public Path stateDir() {
        return stateDir.path();
    }

    /** {@code vigil.log.level}: the root logger's level (Logback is the SLF4J binding of the daemon). */
    private static void applyLogLevel(String level) {
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.toLevel(level, ch.qos.logback.classic.Level.INFO));
        }
    }

    /** Whether the interface exists in this network namespace ({@code if_nametoindex(3)}), with or without addresses. */
    public static boolean interfaceExists(String name) {
        return NetworkInterfaces.exists(name);
    }

    /** The VRRP bindings of a reloaded configuration (addresses read from the kernel now). */
    private static Reloader.VrrpSide bindings(KeepalivedConfig config) {
        try (NetworkInterfaces interfaces = NetworkInterfaces.open()) {
            VrrpBindings mapping = new VrrpBindings(config, primaryAddresses(interfaces));
            return new Reloader.VrrpSide(mapping.instances(), mapping.syncGroups());
        } catch (LinuxException e) {
            throw new IllegalArgumentException("cannot read the interfaces' addresses: " + e.getMessage(), e);
        }
    }

    /** keepalived's default source: the interface's primary IPv4 address, or its IPv6 link-local address. */
    private static InterfaceAddresses primaryAddresses(NetworkInterfaces interfaces) {
        return (name, ipv6) -> {
            try {
                return ipv6 ? interfaces.ipv6LinkLocalAddress(name) : interfaces.primaryIpv4Address(name);
            } catch (LinuxException e) {
                throw new IllegalArgumentException("cannot read the addresses of " + name + ": " + e.getMessage(), e);
            }
        };
    }
}
