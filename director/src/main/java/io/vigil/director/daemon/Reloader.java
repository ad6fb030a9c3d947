package io.vigil.director.daemon;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.director.config.ConfigDiff;
import io.vigil.director.config.ConfigLoad;
import io.vigil.director.config.ConfigLoader;
import io.vigil.director.config.Diagnostic;
import io.vigil.director.config.KeepalivedConfig;
import io.vigil.director.config.Severity;
import io.vigil.director.config.VrrpScript;
import io.vigil.director.health.HealthService;
import io.vigil.director.metrics.VrrpMetrics;
import io.vigil.director.vrrp.NotifyRunner;
import io.vigil.director.vrrp.ScriptScheduler;
import io.vigil.vrrp.io.InstanceBinding;
import io.vigil.vrrp.io.ReloadPlan;
import io.vigil.vrrp.io.VrrpLoop;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the daemon's keepalived.conf (SIGHUP, {@code vigil reload}) and answers {@code check-config --diff}:
 * the new file is read and validated first, and on any error the running configuration stays, the errors are
 * logged with FILE:LINE and counted; otherwise the {@link ConfigDiff} is applied in this order: notify scripts,
 * {@code vrrp_script}s, health checking (one task on its loop), the {@link ReloadListener}s (the dataplane), then
 * the VRRP loop (one task on its loop), and the metric series follow. Unchanged instances, scripts, virtual and
 * real servers are not touched.
 *
 * <p>Threading: {@link #reload} and {@link #diff} are serialised (synchronized) and block until applied; call them
 * from the daemon's reload thread, never from an event loop.
 */
public final class Reloader {

    private static final Logger LOG = LoggerFactory.getLogger(Reloader.class);

    /** A configuration's VRRP side: its instances bound to this machine and its sync groups. */
    public record VrrpSide(List<InstanceBinding> instances, Map<String, List<String>> syncGroups) {
    }

    /** Maps a configuration onto VRRP bindings; throws IllegalArgumentException when it cannot. */
    @FunctionalInterface
    public interface BindingsMapper extends Function<KeepalivedConfig, VrrpSide> {
    }

    private final ConfigLoader loader;
    private final Path file;
    private final BindingsMapper bindings;
    private final VrrpLoop vrrp;
    private final NotifyRunner notify;
    private final ScriptScheduler scripts;
    private final VrrpMetrics vrrpMetrics;
    private final HealthService health;
    private final List<ReloadListener> listeners = new CopyOnWriteArrayList<>();
    private final Counter succeeded;
    private final Counter failed;
    private final AtomicLong lastSuccessful = new AtomicLong(1);
    private final AtomicLong lastSuccessEpochSeconds = new AtomicLong(System.currentTimeMillis() / 1000);
    private KeepalivedConfig running;

    /**
     * @param loader  reads files as {@code vigil run} read the first one (config id, interface check)
     * @param file    the {@code -f} file, re-read by a plain reload
     * @param current the configuration running now
     */
    public Reloader(ConfigLoader loader, Path file, KeepalivedConfig current, BindingsMapper bindings, VrrpLoop vrrp,
                    NotifyRunner notify, ScriptScheduler scripts, VrrpMetrics vrrpMetrics, HealthService health,
                    MeterRegistry registry) {
        this.loader = loader;
        this.file = file;
        this.running = current;
        this.bindings = bindings;
        this.vrrp = vrrp;
        this.notify = notify;
        this.scripts = scripts;
        this.vrrpMetrics = vrrpMetrics;
        this.health = health;
        this.succeeded = Counter.builder("vigil.config.reloads").description("Configuration reloads, by result")
                .tag("result", "success").register(registry);
        this.failed = Counter.builder("vigil.config.reloads").description("Configuration reloads, by result")
                .tag("result", "failure").register(registry);
        Gauge.builder("vigil.config.last.reload.successful", lastSuccessful, AtomicLong::get)
                .description("Whether the last reload was applied (1) or refused or failed (0)").register(registry);
        Gauge.builder("vigil.config.last.reload.success.timestamp.seconds", lastSuccessEpochSeconds, AtomicLong::get)
                .description("When the running configuration was loaded (start or last successful reload)")
                .register(registry);
    }

    /** Adds a listener told of every applied reload (the dataplane's Conductor). */
    public void addListener(ReloadListener listener) {
        listeners.add(listener);
    }

    /** The configuration running now. */
    public synchronized KeepalivedConfig running() {
        return running;
    }

    /** Re-reads the {@code -f} file and applies it, or keeps the running configuration and says why. */
    public synchronized ReloadOutcome reload() {
        LOG.info("Reloading configuration from {}", file);
        Checked checked = check(file);
        if (checked.refusal != null) {
            failed.increment();
            lastSuccessful.set(0);
            checked.refusal.diagnostics().forEach(d -> LOG.error("reload refused: {}", d));
            LOG.error("reload refused: {} has errors; the running configuration is unchanged", file);
            return checked.refusal;
        }
        ConfigDiff diff = ConfigDiff.between(running, checked.config);
        List<String> changes = new ArrayList<>(diff.lines());
        changes.forEach(line -> LOG.info("reload: {}", line));
        KeepalivedConfig before = running;
        boolean listenersOk = true;
        notify.reconfigure(checked.config);
        scripts.apply(diff.vrrpScripts()).join();
        health.reconfigure(checked.config).join();
        for (ReloadListener l : listeners) {
            try {
                l.configReloaded(diff, before, checked.config).toCompletableFuture().join();
            } catch (RuntimeException e) {
                listenersOk = false;
                LOG.error("reload: a reload listener failed: {}", e.getMessage(), e);
                changes.add("reload listener failed: " + e.getMessage());
            }
        }
        ReloadPlan plan = vrrp.reconfigure(checked.bindings.instances(), checked.bindings.syncGroups()).join();
        vrrpMetrics.instancesChanged(vrrp.bindings());
        vrrpMetrics.scriptsChanged(checked.config.vrrpScripts().stream().map(VrrpScript::name).toList());
        running = checked.config;
        LOG.info("reload: vrrp_instances added {}, removed {}, restarted {}, updated in place {}, unchanged {}",
                plan.added(), plan.removed(), plan.restarted(), plan.updated(), plan.unchanged());
        if (listenersOk) {
            succeeded.increment();
            lastSuccessful.set(1);
            lastSuccessEpochSeconds.set(System.currentTimeMillis() / 1000);
        } else {
            failed.increment();
            lastSuccessful.set(0);
        }
        return new ReloadOutcome(listenersOk ? 0 : 1, checked.warnings, changes, true);
    }

    /** What reloading {@code newFile} would change, without changing anything. */
    public synchronized ReloadOutcome diff(Path newFile) {
        Checked checked = check(newFile);
        if (checked.refusal != null) {
            return checked.refusal;
        }
        return new ReloadOutcome(0, checked.warnings, ConfigDiff.between(running, checked.config).lines(), false);
    }

    /** A file read and validated: either a refusal, or the configuration with its bindings and warnings. */
    private record Checked(ReloadOutcome refusal, KeepalivedConfig config, VrrpSide bindings, List<String> warnings) {
    }

    private Checked check(Path path) {
        ConfigLoad load = loader.load(path);
        List<String> lines = load.diagnostics().stream().map(Diagnostic::format).toList();
        if (load.exitCode() != 0) {
            return new Checked(new ReloadOutcome(load.exitCode(), load.diagnostics().stream()
                    .filter(d -> d.fatal() || d.severity() == Severity.ERROR).map(Diagnostic::format).toList(),
                    List.of(), false), null, null, lines);
        }
        try {
            VrrpSide mapped = bindings.apply(load.config());
            VrrpLoop.validate(mapped.instances(), mapped.syncGroups());
            return new Checked(null, load.config(), mapped, lines);
        } catch (IllegalArgumentException e) {
            return new Checked(new ReloadOutcome(4, List.of(path + ": error: " + e.getMessage()), List.of(), false),
                    null, null, lines);
        }
    }
}
