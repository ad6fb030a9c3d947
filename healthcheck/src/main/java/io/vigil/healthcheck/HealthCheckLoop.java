package io.vigil.healthcheck;

import io.netty.channel.EventLoop;
import io.vigil.healthcheck.check.CheckResult;
import io.vigil.healthcheck.check.Checker;
import io.vigil.healthcheck.check.FailureReason;
import io.vigil.healthcheck.event.PoolEvent;
import io.vigil.healthcheck.event.PoolView;
import io.vigil.healthcheck.policy.PolicyStep;
import io.vigil.healthcheck.policy.ProbeDue;
import io.vigil.healthcheck.policy.VirtualServerPolicy;
import io.vigil.healthcheck.script.ScriptExit;
import io.vigil.healthcheck.script.ScriptLauncher;
import io.vigil.healthcheck.spec.ProbeSpec;
import io.vigil.healthcheck.spec.RealServerSpec;
import io.vigil.healthcheck.spec.ScriptSpec;
import io.vigil.healthcheck.spec.VirtualServerSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The thin scheduler that runs each virtual server's {@link VirtualServerPolicy} on one health-check event loop
 * (never the VRRP one): it starts the probes the policy asks for, guards each with a watchdog at the checker's
 * deadline plus {@link #WATCHDOG_GRACE_NANOS} (unless the checker {@linkplain Checker#completesByDeadline() bounds
 * itself}), feeds results back with {@code System.nanoTime()} (at once when they complete on the loop, else after a
 * hop onto it), runs scripts and publishes events. Threading: every policy is touched only on {@link #loop()}; public methods may be called from any
 * thread and hop onto it.
 */
public final class HealthCheckLoop implements AutoCloseable {

    /** Extra time the watchdog grants a checker beyond its own deadline before abandoning it. */
    public static final long WATCHDOG_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Vigil's bound on notify and quorum scripts; keepalived sets none, a hung notify script would linger. */
    public static final long NOTIFY_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private static final Logger LOG = LoggerFactory.getLogger(HealthCheckLoop.class);

    private final EventLoop loop;
    private final Function<ProbeSpec, Checker> checkers;
    private final ScriptLauncher scripts;
    private final PoolListener listener;
    private final RandomGenerator random;
    private final SchedulingLagListener lag;
    private final Map<String, Running> running = new LinkedHashMap<>();
    private boolean closed;

    /** One started virtual server; loop-confined. */
    private record Running(VirtualServerPolicy policy, Checker[][] checkers) {
    }

    /**
     * @param loop     the health-check event loop that owns all policy state
     * @param checkers builds the probe mechanisms, normally {@code CheckerFactory::create}
     * @param scripts  runs notify, quorum and misc scripts
     * @param listener receives events on {@code loop}
     * @param random   spreads first probes over warmup
     */
    public HealthCheckLoop(EventLoop loop, Function<ProbeSpec, Checker> checkers, ScriptLauncher scripts, PoolListener listener,
                           RandomGenerator random) {
        this(loop, checkers, scripts, listener, random, SchedulingLagListener.NONE);
    }

    /**
     * @param loop     the health-check event loop that owns all policy state
     * @param checkers builds the probe mechanisms, normally {@code CheckerFactory::create}
     * @param scripts  runs notify, quorum and misc scripts
     * @param listener receives events on {@code loop}
     * @param random   spreads first probes over warmup
     * @param lag      told how late each probe started against its due time, on {@code loop}
     */
    public HealthCheckLoop(EventLoop loop, Function<ProbeSpec, Checker> checkers, ScriptLauncher scripts, PoolListener listener,
                           RandomGenerator random, SchedulingLagListener lag) {
        this.loop = loop;
        this.checkers = checkers;
        this.scripts = scripts;
        this.listener = listener;
        this.random = random;
        this.lag = lag;
    }

    /** The event loop everything runs on. */
    public EventLoop loop() {
        return loop;
    }

    /** Starts checking {@code virtualServers}; names must be new. Completes once started. */
    public CompletableFuture<Void> start(List<VirtualServerSpec> virtualServers) {
        return onLoop(() -> {
            for (VirtualServerSpec vs : virtualServers) {
                if (running.containsKey(vs.name())) {
                    throw new IllegalArgumentException("virtual server " + vs.name() + " is already running");
                }
                Running run = new Running(new VirtualServerPolicy(vs), build(vs));
                running.put(vs.name(), run);
                apply(vs.name(), run, run.policy().start(System.nanoTime(), random));
            }
            return null;
        });
    }

    /**
     * Applies a reload: virtual servers are matched by name. An unchanged one keeps running untouched (its probes,
     * states and counters); a changed one gets a {@linkplain VirtualServerPolicy#reconfigured reconfigured} policy
     * that keeps the health of its unchanged real servers and checkers (a weight change keeps the server's state);
     * a new one starts; one that is gone stops (without its omega scripts: the service is removed, not shut down).
     * Completes once applied; runs at once when called on {@link #loop()}.
     */
    public CompletableFuture<Void> reconfigure(List<VirtualServerSpec> virtualServers) {
        return onLoop(() -> {
            Map<String, Running> before = new LinkedHashMap<>(running);
            running.clear();
            long now = System.nanoTime();
            for (VirtualServerSpec vs : virtualServers) {
                Running old = before.remove(vs.name());
                if (old != null && old.policy().spec().equals(vs)) {
                    running.put(vs.name(), old);
                    continue;
                }
                Running run = new Running(old == null ? new VirtualServerPolicy(vs)
                        : VirtualServerPolicy.reconfigured(vs, old.policy()), build(vs));
                running.put(vs.name(), run);
                apply(vs.name(), run, old == null ? run.policy().start(now, random) : run.policy().resume(now, random));
            }
            return null;
        });
    }

    private Checker[][] build(VirtualServerSpec vs) {
        Checker[][] built = new Checker[vs.realServers().size()][];
        for (int r = 0; r < built.length; r++) {
            RealServerSpec rs = vs.realServers().get(r);
            built[r] = rs.checks().stream().map(c -> checkers.apply(c.probe())).toArray(Checker[]::new);
        }
        return built;
    }

    /** The live pool of one virtual server. */
    public CompletableFuture<Optional<PoolView>> pool(String virtualServer) {
        return onLoop(() -> Optional.ofNullable(running.get(virtualServer)).map(r -> r.policy().view()));
    }

    /** The live pools of every virtual server, in start order. */
    public CompletableFuture<List<PoolView>> pools() {
        return onLoop(() -> running.values().stream().map(r -> r.policy().view()).toList());
    }

    /** Stops checking; with omega, runs the shutdown scripts. In-flight probes are abandoned. */
    @Override
    public void close() {
        onLoop(() -> {
            closed = true;
            for (Running run : running.values()) {
                run.policy().stop().scripts().forEach(this::runScript);
            }
            running.clear();
            return null;
        }).join();
    }

    /**
     * Carries out one policy step. The next probes are scheduled first, so that neither a failing script launcher nor
     * a failing listener can end a checker's chain of probes.
     */
    private void apply(String name, Running run, PolicyStep step) {
        for (ProbeDue due : step.probes()) {
            long delay = Math.max(0, due.atNanos() - System.nanoTime());
            loop.schedule(() -> probe(name, run, due), delay, TimeUnit.NANOSECONDS);
        }
        for (PoolEvent event : step.events()) {
            LOG.debug("{}", event); // the pool's owner logs transitions in keepalived's words
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("pool listener failed on {}", event, e);
            }
        }
        step.scripts().forEach(this::runScript);
    }

    private void probe(String name, Running run, ProbeDue due) {
        if (closed || running.get(name) != run) {
            return;
        }
        Checker checker = run.checkers()[due.realServer()][due.check()];
        long start = System.nanoTime();
        lag.onProbeStarted(Math.max(0, start - due.atNanos()));
        CompletableFuture<CheckResult> result;
        try {
            result = checker.probe();
        } catch (RuntimeException e) {
            result = CompletableFuture.completedFuture(CheckResult.failure(FailureReason.INTERNAL, 0,
                    checker.keyword() + " threw " + e));
        }
        CompletableFuture<CheckResult> probe = result;
        ScheduledFuture<?> watchdog = checker.completesByDeadline() ? null : loop.schedule(() -> probe.complete(
                CheckResult.failure(FailureReason.TIMEOUT, System.nanoTime() - start, checker.keyword()
                        + " abandoned by the watchdog after "
                        + TimeUnit.NANOSECONDS.toMillis(checker.deadlineNanos() + WATCHDOG_GRACE_NANOS) + " ms")),
                checker.deadlineNanos() + WATCHDOG_GRACE_NANOS, TimeUnit.NANOSECONDS);
        probe.whenComplete((r, e) -> {
            if (loop.inEventLoop()) {
                completed(name, run, due, start, watchdog, r, e);
            } else {
                loop.execute(() -> completed(name, run, due, start, watchdog, r, e));
            }
        });
    }

    /** On the loop: one probe's outcome ({@code r}, or the exception {@code e}) goes to the policy. */
    private void completed(String name, Running run, ProbeDue due, long start, ScheduledFuture<?> watchdog,
                           CheckResult r, Throwable e) {
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        if (closed || running.get(name) != run) {
            return;
        }
        CheckResult outcome = e == null ? r : CheckResult.failure(FailureReason.INTERNAL, System.nanoTime() - start,
                run.checkers()[due.realServer()][due.check()].keyword() + " failed: " + e);
        apply(name, run, run.policy().onResult(due.realServer(), due.check(), outcome, System.nanoTime()));
    }

    private void runScript(ScriptSpec script) {
        CompletableFuture<ScriptExit> exit;
        try {
            exit = scripts.run(script, NOTIFY_TIMEOUT_NANOS);
        } catch (RuntimeException e) {
            LOG.warn("script '{}': the launcher failed: {}", script.commandLine(), e.toString());
            return;
        }
        exit.whenComplete((ScriptExit done, Throwable e) -> {
            if (e != null || done.outcome() != ScriptExit.Outcome.EXITED || done.exitCode() != 0) {
                LOG.warn("script '{}': {}", script.commandLine(), e != null ? e.toString() : done.detail());
            }
        });
    }

    private <T> CompletableFuture<T> onLoop(java.util.concurrent.Callable<T> task) {
        CompletableFuture<T> out = new CompletableFuture<>();
        Runnable run = () -> {
            try {
                out.complete(task.call());
            } catch (Exception e) {
                out.completeExceptionally(e);
            }
        };
        if (loop.inEventLoop()) {
            run.run();
        } else {
            loop.execute(run);
        }
        return out;
    }
}
