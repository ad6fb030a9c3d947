package io.vigil.director.vrrp;

import io.vigil.director.config.KeepalivedConfig;
import io.vigil.director.config.NotifyScript;
import io.vigil.director.config.VrrpInstance;
import io.vigil.director.config.VrrpSyncGroup;
import io.vigil.healthcheck.script.ScriptExit;
import io.vigil.healthcheck.script.ScriptLauncher;
import io.vigil.healthcheck.spec.ScriptSpec;
import io.vigil.vrrp.fsm.VrrpState;
import io.vigil.vrrp.io.NotifySink;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs keepalived's notify scripts on state changes (keepalived.md §1.7): {@code notify_master},
 * {@code notify_backup}, {@code notify_fault} or {@code notify_stop} as written, then {@code notify} with the
 * arguments {@code INSTANCE <name> <state> <priority>}; a sync group's scripts run likewise with {@code GROUP}.
 * Scripts never run through a shell and never on the VRRP loop: each instance has a queue, so its scripts run one
 * after the other, in the order of the transitions, each bounded by a timeout, as {@code script_user} unless the
 * script line names a user.
 */
public final class NotifyRunner implements NotifySink {

    private static final Logger LOG = LoggerFactory.getLogger(NotifyRunner.class);
    /** How long one notify script may run before its process tree is killed. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ScriptLauncher launcher;
    private final Executor executor;
    private final Map<String, Map<String, NotifyScript>> instanceScripts = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, VrrpSyncGroup> groupOf = new java.util.concurrent.ConcurrentHashMap<>();
    private final Optional<String> scriptUser;
    private final Map<String, CompletableFuture<Void>> queues = new HashMap<>();
    private final Consumer<StateChange> listener;

    /** A state change as delivered, for metrics and tests. */
    public record StateChange(String instance, VrrpState state, int priority) {
    }

    /**
     * @param executor where the scripts are started (the scripts executor), never the caller's thread
     * @param listener told of every state change before the scripts are queued (on the caller's thread)
     */
    public NotifyRunner(KeepalivedConfig config, ScriptLauncher launcher, Executor executor,
                        Consumer<StateChange> listener) {
        this.launcher = launcher;
        this.executor = executor;
        this.listener = listener;
        this.scriptUser = Optional.ofNullable(config.globalDefs().scriptUser());
        reconfigure(config);
    }

    /**
     * Takes the notify scripts of a reloaded configuration, before the VRRP loop applies it. The scripts of removed
     * instances are kept, so that their {@code notify_stop} (sent while they shut down) runs as configured.
     * {@code script_user} keeps its startup value. Thread-safe.
     */
    public void reconfigure(KeepalivedConfig config) {
        for (VrrpInstance i : config.vrrpInstances()) {
            instanceScripts.put(i.name(), i.notifyScripts());
            groupOf.remove(i.name());
        }
        for (VrrpSyncGroup g : config.vrrpSyncGroups()) {
            for (String member : g.group()) {
                groupOf.put(member, g);
            }
        }
    }

    @Override
    public void stateChanged(String instance, VrrpState state, int priority) {
        listener.accept(new StateChange(instance, state, priority));
        Map<String, NotifyScript> scripts = instanceScripts.getOrDefault(instance, Map.of());
        List<ScriptSpec> toRun = new java.util.ArrayList<>(commands(scripts, "INSTANCE", instance, state, priority));
        VrrpSyncGroup group = groupOf.get(instance);
        if (group != null) {
            toRun.addAll(commands(group.notifyScripts(), "GROUP", group.name(), state, priority));
        }
        if (toRun.isEmpty()) {
            return;
        }
        synchronized (queues) {
            CompletableFuture<Void> tail = queues.getOrDefault(instance, CompletableFuture.completedFuture(null));
            for (ScriptSpec script : toRun) {
                tail = tail.thenComposeAsync(ignored -> launcher.run(script, TIMEOUT.toNanos())
                        .thenAccept(exit -> log(instance, script, exit))
                        .exceptionally(e -> {
                            LOG.error("({}) notify script {} failed to run: {}", instance, script.commandLine(), e.getMessage());
                            return null;
                        }), executor);
            }
            queues.put(instance, tail);
        }
    }

    /** Completes when every queued script has finished (used at shutdown, after notify_stop). */
    public CompletableFuture<Void> drained() {
        synchronized (queues) {
            return CompletableFuture.allOf(queues.values().toArray(CompletableFuture[]::new));
        }
    }

    private List<ScriptSpec> commands(Map<String, NotifyScript> scripts, String kind, String name, VrrpState state,
                                      int priority) {
        String specific = switch (state) {
            case MASTER -> "notify_master";
            case BACKUP -> "notify_backup";
            case FAULT -> "notify_fault";
            case STOP -> "notify_stop";
            case INIT -> null;
        };
        List<ScriptSpec> out = new java.util.ArrayList<>();
        if (specific != null && scripts.containsKey(specific)) {
            out.add(spec(scripts.get(specific), ""));
        }
        if (scripts.containsKey("notify") && state != VrrpState.INIT) {
            out.add(spec(scripts.get("notify"), " " + kind + " \"" + name + "\" " + state + " " + priority));
        }
        return out;
    }

    private ScriptSpec spec(NotifyScript script, String arguments) {
        Optional<String> user = Optional.ofNullable(script.user()).or(() -> scriptUser);
        return new ScriptSpec(script.command() + arguments, user, Optional.ofNullable(script.group()));
    }

    private static void log(String instance, ScriptSpec script, ScriptExit exit) {
        if (exit.outcome() == ScriptExit.Outcome.EXITED && exit.exitCode() == 0) {
            LOG.debug("({}) notify script {} exited 0", instance, script.commandLine());
        } else {
            LOG.warn("({}) notify script {}: {}", instance, script.commandLine(), exit.detail());
        }
    }
}
