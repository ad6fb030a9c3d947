package io.vigil.director.daemon;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.vigil.dataplane.linux.Libc;
import io.vigil.dataplane.linux.LinuxException;
import io.vigil.dataplane.linux.Rtnetlink;
import io.vigil.dataplane.linux.ServiceNotifier;
import io.vigil.dataplane.linux.netlink.IfAddress;
import io.vigil.director.config.ConfigLoad;
import io.vigil.director.config.ConfigLoader;
import io.vigil.director.config.Diagnostic;
import io.vigil.director.config.KeepalivedConfig;
import io.vigil.director.config.VrrpScript;
import io.vigil.director.control.ControlReply;
import io.vigil.director.control.ControlServer;
import io.vigil.director.health.HealthService;
import io.vigil.director.metrics.MetricsServer;
import io.vigil.director.metrics.VrrpMetrics;
import io.vigil.director.settings.EngineSettings;
import io.vigil.director.settings.SettingsLoad;
import io.vigil.director.vrrp.InterfaceAddresses;
import io.vigil.director.vrrp.NotifyRunner;
import io.vigil.director.vrrp.ScriptScheduler;
import io.vigil.director.vrrp.VrrpBindings;
import io.vigil.healthcheck.script.ProcessScriptLauncher;
import io.vigil.vrrp.io.InstanceBinding;
import io.vigil.vrrp.io.KernelVipOwner;
import io.vigil.vrrp.io.LinkWatcher;
import io.vigil.vrrp.io.VrrpLoop;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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
    private NotifyRunner notify;
    private MetricsServer metricsServer;
    private ControlServer control;
    private HealthService health;
    private boolean stopped;

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
            daemon.startAll(load.config(), settings);
            return daemon;
        } catch (StartupException e) {
            daemon.stop();
            throw e;
        } catch (RuntimeException e) {
            daemon.stop();
            throw new StartupException(e.getMessage(), 1, e);
        }
    }

    private void startAll(KeepalivedConfig config, EngineSettings settings) throws StartupException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ProcessScriptLauncher launcher = new ProcessScriptLauncher(scriptsGroup.next());
        VrrpMetrics[] metrics = new VrrpMetrics[1];
        notify = new NotifyRunner(config, launcher, scriptsGroup, change -> {
            if (metrics[0] != null) {
                metrics[0].stateChanged(change.instance(), change.state());
            }
        });
        List<InstanceBinding> bindings;
        IoEventLoop loop = (IoEventLoop) vrrpGroup.next();
        try (Rtnetlink rtnetlink = Rtnetlink.open()) {
            VrrpBindings mapping = new VrrpBindings(config, primaryAddresses(rtnetlink));
            bindings = mapping.instances();
            List<String> devices = bindings.stream().flatMap(b -> b.vips().stream()).map(v -> v.device()).distinct().toList();
            vrrp = VrrpLoop.open(loop, bindings, mapping.syncGroups(), KernelVipOwner.open(devices), notify);
            links = LinkWatcher.open(loop, vrrp);
        } catch (LinuxException e) {
            String hint = e.errno() == io.vigil.dataplane.linux.Errno.EPERM
                    ? "; vigil run needs root, or CAP_NET_RAW and CAP_NET_ADMIN" : "";
            throw new StartupException("cannot open the VRRP sockets: " + e.getMessage() + hint, 1, e);
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage(), 3, e);
        }
        List<VrrpScript> vrrpScripts = config.vrrpScripts();
        scripts = new ScriptScheduler(scriptsGroup.next(), launcher, config.globalDefs().scriptUser(), vrrp::scriptChanged);
        metrics[0] = new VrrpMetrics(registry, bindings, vrrp::stats, scripts::status,
                vrrpScripts.stream().map(VrrpScript::name).toList());
        health = HealthService.startWithKernelPinger(config, registry);
        try {
            InetSocketAddress listen = new InetSocketAddress(settings.metricsHost(), settings.metricsPort());
            metricsServer = MetricsServer.start(listen, settings.metricsPath(), directorGroup, registry);
            control = ControlServer.start(stateDir.path(), directorGroup, this::handle);
        } catch (IOException e) {
            throw new StartupException(e.getMessage(), 1, e);
        }
        vrrp.start(links.initialStates(), ScriptScheduler.initialStates(vrrpScripts)).join();
        scripts.start(vrrpScripts);
        LOG.info("vigil running: {} vrrp_instance(s), metrics on {}{}, control socket {}", bindings.size(),
                metricsServer.localAddress(), settings.metricsPath(), control.socketPath());
        tellServiceManager("READY=1\nSTATUS=" + bindings.size() + " vrrp_instance(s), metrics on "
                + metricsServer.localAddress() + settings.metricsPath());
    }

    /**
     * SIGHUP: tells the service manager that a reload runs ({@code RELOADING=1}), applies the configuration
     * again, and tells it that the daemon is ready again ({@code READY=1}). Callable from any thread.
     */
    public void reload() {
        tellServiceManager("RELOADING=1\nMONOTONIC_USEC=" + System.nanoTime() / 1000);
        try {
            reloadConfiguration();
        } finally {
            tellServiceManager("READY=1");
        }
    }

    /**
     * The reload itself (issue 11 replaces this body: read keepalived.conf again, diff, apply). Until then the
     * running configuration stays and the log says so.
     */
    private void reloadConfiguration() {
        LOG.warn("SIGHUP: reload is not implemented yet in this version; the running configuration is unchanged");
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

    private CompletionStage<ControlReply> handle(List<String> request) {
        if (request.isEmpty()) {
            return CompletableFuture.completedFuture(ControlReply.error("empty request; expected status or list"));
        }
        return switch (request.getFirst()) {
            case "status" -> vrrp.status().thenApply(list -> ControlReply.ok(
                    request.contains("--json") ? StatusReport.json(list) : StatusReport.text(list)));
            case "list" -> health.list(request.contains("--json")).thenApply(ControlReply::ok);
            default -> CompletableFuture.completedFuture(ControlReply.error("unknown request '"
                    + request.getFirst() + "'; expected status or list"));
        };
    }

    /** Graceful shutdown; idempotent. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        LOG.info("stopping");
        tellServiceManager("STOPPING=1");
        // VRRP first: the priority-0 adverts let the backup take over after its skew time, so nothing may delay them.
        if (vrrp != null) {
            vrrp.stop().join();
        }
        if (scripts != null) {
            scripts.close();
        }
        if (health != null) {
            health.close();
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

    private static boolean interfaceExists(String name) {
        try {
            Libc.ifNameToIndex(name);
            return true;
        } catch (LinuxException e) {
            return false;
        }
    }

    /** keepalived's default source: the interface's primary IPv4 address, or its IPv6 link-local address. */
    private static InterfaceAddresses primaryAddresses(Rtnetlink rtnetlink) {
        return (name, ipv6) -> {
            try {
                var link = rtnetlink.link(name);
                if (link.isEmpty()) {
                    return Optional.empty();
                }
                for (IfAddress a : rtnetlink.addresses(link.get().index())) {
                    InetAddress addr = a.address();
                    boolean secondary = (a.flags() & 0x01) != 0; // IFA_F_SECONDARY, linux/if_addr.h
                    if (!ipv6 && addr instanceof Inet4Address && !secondary) {
                        return Optional.of(addr);
                    }
                    if (ipv6 && addr instanceof Inet6Address && addr.isLinkLocalAddress()) {
                        return Optional.of(addr);
                    }
                }
                return Optional.empty();
            } catch (LinuxException e) {
                throw new IllegalArgumentException("cannot read the addresses of " + name + ": " + e.getMessage(), e);
            }
        };
    }
}
