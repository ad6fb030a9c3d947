package io.vigil.director.vrrp;

import io.vigil.director.config.Changes;
import io.vigil.director.config.VrrpScript;
import io.vigil.healthcheck.script.ScriptExit;
import io.vigil.healthcheck.script.ScriptLauncher;
import io.vigil.healthcheck.script.ScriptRunState;
import io.vigil.healthcheck.script.ScriptState;
import io.vigil.healthcheck.spec.ScriptSpec;
import io.vigil.vrrp.fsm.ScriptTracker;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every {@code vrrp_script} on its own schedule ({@code interval}, bounded by {@code timeout}), off the VRRP
 * loop: the runs happen on the scripts executor, their exit codes go through keepalived's rise/fall filter
 * ({@link ScriptTracker}), and only a change of the filtered state is reported. A run still going at the next
 * interval, or still being terminated after its timeout, is not started twice.
 *
 * <p>Threading: the trackers are touched on the executor's thread only.
 */
public final class ScriptScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScriptScheduler.class);

    private final ScheduledExecutorService executor;
    private final ScriptLauncher launcher;
    private final Optional<String> scriptUser;
    private final BiConsumer<String, Boolean> onChange;
    private final Map<String, ScriptTracker> trackers = new LinkedHashMap<>();
    private final Map<String, ScheduledFuture<?>> schedules = new LinkedHashMap<>();
    private final Map<String, Boolean> status = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, ScriptRunState> runs = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param onChange told {@code (script, ok)} when a script's filtered state changes; called on the executor
     */
    public ScriptScheduler(ScheduledExecutorService executor, ScriptLauncher launcher, String scriptUser,
                           BiConsumer<String, Boolean> onChange) {
        this.executor = executor;
        this.launcher = launcher;
        this.scriptUser = Optional.ofNullable(scriptUser);
        this.onChange = onChange;
    }

    /** The initial state of each script (before any run): failed with {@code init_fail}, else OK. */
    public static Map<String, Boolean> initialStates(List<VrrpScript> scripts) {
        Map<String, Boolean> states = new LinkedHashMap<>();
        for (VrrpScript s : scripts) {
            states.put(s.name(), !s.initFail());
        }
        return states;
    }

    /** Starts running {@code scripts}; the first run of each is immediate. */
    public void start(List<VrrpScript> scripts) {
        executor.execute(() -> scripts.forEach(this::startOne));
    }

    /**
     * Applies a reload: scripts that did not change keep running with their rise/fall state; removed ones stop;
     * changed ones restart from their initial state and added ones start, each reported to {@code onChange} with
     * that initial state (so the instances tracking them start from it). Completes once applied.
     */
    public java.util.concurrent.CompletableFuture<Void> apply(Changes<VrrpScript> changes) {
        return java.util.concurrent.CompletableFuture.runAsync(() -> {
            changes.removed().forEach(s -> stopOne(s.name()));
            changes.changed().forEach(c -> stopOne(c.key()));
            List<VrrpScript> starting = new java.util.ArrayList<>(changes.added());
            changes.changed().forEach(c -> starting.add(c.after()));
            for (VrrpScript s : starting) {
                startOne(s);
                onChange.accept(s.name(), !s.initFail());
            }
        }, executor);
    }

    private void startOne(VrrpScript s) {
        status.put(s.name(), !s.initFail());
        trackers.put(s.name(), new ScriptTracker(s.rise(), s.fall(), s.initFail()));
        ScriptRunState running = new ScriptRunState();
        runs.put(s.name(), running);
        ScriptSpec spec = new ScriptSpec(s.script(), Optional.ofNullable(s.user()).or(() -> scriptUser),
                Optional.ofNullable(s.group()));
        long intervalNanos = Math.max(1, s.interval().toNanos());
        schedules.put(s.name(), executor.scheduleAtFixedRate(() -> runOnce(s, spec, running),
                0, intervalNanos, TimeUnit.NANOSECONDS));
    }

    private void stopOne(String name) {
        ScheduledFuture<?> schedule = schedules.remove(name);
        if (schedule != null) {
            schedule.cancel(false);
        }
        trackers.remove(name);
        status.remove(name);
        runs.remove(name);
    }

    /** Each script's filtered state ({@code keepalived_script_status}); readable from any thread. */
    public Map<String, Boolean> status() {
        return Map.copyOf(status);
    }

    /**
     * Where the script's current run is ({@code keepalived_script_state}): idle, running, or being terminated after
     * its timeout (SIGTERM, then SIGKILL); IDLE for an unknown script. Readable from any thread.
     */
    public ScriptState state(String name) {
        ScriptRunState state = runs.get(name);
        return state == null ? ScriptState.IDLE : state.get();
    }

    /** Starts a run unless the last one is still running or still being terminated (as keepalived does). */
    private void runOnce(VrrpScript script, ScriptSpec spec, ScriptRunState state) {
        if (!state.start()) {
            return;
        }
        launcher.run(spec, script.timeout().toNanos(), state).whenCompleteAsync((exit, failure) -> {
            boolean ok = failure == null && exit.outcome() == ScriptExit.Outcome.EXITED && exit.exitCode() == 0;
            if (script.reverse()) {
                ok = !ok;
            }
            if (failure != null) {
                LOG.warn("vrrp_script {}: {}", script.name(), failure.getMessage());
            } else if (exit.outcome() != ScriptExit.Outcome.EXITED) {
                LOG.warn("vrrp_script {}: {}", script.name(), exit.detail());
            }
            ScriptTracker tracker = trackers.get(script.name());
            if (tracker != null && schedules.get(script.name()) != null && tracker.onResult(ok)) {
                status.put(script.name(), tracker.ok());
                LOG.info("VRRP_Script({}) {}", script.name(), tracker.ok() ? "succeeded" : "failed");
                onChange.accept(script.name(), tracker.ok());
            }
        }, executor);
    }

    @Override
    public void close() {
        executor.execute(() -> {
            schedules.values().forEach(f -> f.cancel(false));
            schedules.clear();
        });
    }
}
