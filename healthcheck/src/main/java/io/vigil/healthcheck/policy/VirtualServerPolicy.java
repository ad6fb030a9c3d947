package io.vigil.healthcheck.policy;

import io.vigil.healthcheck.check.CheckResult;
import io.vigil.healthcheck.event.PoolEntry;
import io.vigil.healthcheck.event.PoolEvent;
import io.vigil.healthcheck.event.PoolView;
import io.vigil.healthcheck.event.QuorumGained;
import io.vigil.healthcheck.event.QuorumLost;
import io.vigil.healthcheck.event.RealServerDown;
import io.vigil.healthcheck.event.RealServerUp;
import io.vigil.healthcheck.event.RealServerView;
import io.vigil.healthcheck.event.WeightChanged;
import io.vigil.healthcheck.spec.CheckTiming;
import io.vigil.healthcheck.spec.RealServerSpec;
import io.vigil.healthcheck.spec.ScriptSpec;
import io.vigil.healthcheck.spec.SorryServerSpec;
import io.vigil.healthcheck.spec.VirtualServerSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The health policy of one virtual server, in one place: checker retries and alpha, real-server liveness (all
 * checkers up), misc_dynamic / FILE_CHECK weights, inhibit_on_failure, quorum with hysteresis, sorry_server and
 * the notify / quorum scripts. It follows keepalived's ipwrapper.c ({@code perform_svr_state},
 * {@code update_quorum_state}). Pure: time comes in as {@code nowNanos}, randomness is injected, and every decision
 * comes out as a {@link PolicyStep}. Threading: single owner thread; not thread-safe.
 */
public final class VirtualServerPolicy {

    private final VirtualServerSpec spec;
    private final RealServerState[] servers;
    private final long quorum;
    private boolean quorumUp;
    private boolean sorryActive;

    public VirtualServerPolicy(VirtualServerSpec spec) {
        this.spec = spec;
        this.servers = new RealServerState[spec.realServers().size()];
        for (int i = 0; i < servers.length; i++) {
            servers[i] = new RealServerState(spec.realServers().get(i));
        }
        this.quorum = spec.effectiveQuorum();
    }

    /**
     * The policy of {@code spec} after a reload of the same virtual server: real servers are matched by address,
     * and each keeps its checkers' states where their specs did not change (see {@code RealServerState}); new real
     * servers start as at startup (down with {@code alpha}); removed ones are gone. Quorum and the sorry server
     * carry over; {@link #resume} then re-evaluates them against the new pool.
     */
    public static VirtualServerPolicy reconfigured(VirtualServerSpec spec, VirtualServerPolicy previous) {
        VirtualServerPolicy next = new VirtualServerPolicy(spec);
        for (int i = 0; i < next.servers.length; i++) {
            RealServerSpec rs = spec.realServers().get(i);
            for (RealServerState old : previous.servers) {
                if (old.spec.address().equals(rs.address())) {
                    next.servers[i] = new RealServerState(rs, old);
                    break;
                }
            }
        }
        next.quorumUp = previous.quorumUp;
        next.sorryActive = previous.sorryActive;
        return next;
    }

    /**
     * Starts a {@linkplain #reconfigured reconfigured} policy: every checker's next probe is spread over its warmup
     * as at startup, and quorum is re-evaluated with the hysteresis (QuorumGained or QuorumLost when it moved).
     */
    public PolicyStep resume(long nowNanos, RandomGenerator random) {
        List<ScriptSpec> scripts = new ArrayList<>();
        List<PoolEvent> events = new ArrayList<>();
        updateQuorum(scripts, events);
        return new PolicyStep(firstProbes(nowNanos, random), scripts, events);
    }

    /** The spec this policy runs. */
    public VirtualServerSpec spec() {
        return spec;
    }

    /**
     * Starts the virtual server: real servers without alpha are live at once (ipwrapper.c {@code init_service_rs});
     * quorum starts up when the live weight reaches quorum + hysteresis ({@code set_quorum_states}), otherwise the
     * sorry server takes over and QuorumLost is sent. Each checker's first probe is spread at random over
     * {@code [0, warmup]} (check_api.c {@code start_checker}).
     */
    public PolicyStep start(long nowNanos, RandomGenerator random) {
        List<ProbeDue> probes = firstProbes(nowNanos, random);
        List<ScriptSpec> scripts = new ArrayList<>();
        List<PoolEvent> events = new ArrayList<>();
        long live = liveWeight();
        quorumUp = live >= quorum + spec.hysteresis();
        if (!quorumUp) {
            sorryActive = spec.sorryServer().isPresent();
            spec.quorumDown().ifPresent(scripts::add);
            events.add(new QuorumLost(spec.name(), live, quorum + spec.hysteresis(), sorryActive));
        }
        return new PolicyStep(probes, scripts, events);
    }

    private List<ProbeDue> firstProbes(long nowNanos, RandomGenerator random) {
        List<ProbeDue> probes = new ArrayList<>();
        for (int r = 0; r < servers.length; r++) {
            RealServerSpec rs = servers[r].spec;
            for (int c = 0; c < rs.checks().size(); c++) {
                CheckTiming timing = rs.checks().get(c).timing();
                long warmup = timing.warmupNanos() > 0 ? random.nextLong(timing.warmupNanos() + 1) : 0;
                probes.add(new ProbeDue(r, c, nowNanos + warmup));
            }
        }
        return probes;
    }

    /** Applies the result of a probe requested by {@link ProbeDue} {@code (realServer, check)} completed at {@code nowNanos}. */
    public PolicyStep onResult(int realServer, int check, CheckResult result, long nowNanos) {
        RealServerState rs = servers[realServer];
        boolean wasAlive = rs.alive();
        int oldWeight = rs.effectiveWeight();
        RetryState.Verdict verdict = rs.apply(check, result);
        List<ProbeDue> next = List.of(new ProbeDue(realServer, check, nowNanos + verdict.delayNanos()));
        int newWeight = rs.effectiveWeight();
        if (rs.alive() == wasAlive && (!rs.alive() || newWeight == oldWeight)) {
            return new PolicyStep(next, List.of(), List.of()); // the common case: nothing changed
        }
        List<ScriptSpec> scripts = new ArrayList<>();
        List<PoolEvent> events = new ArrayList<>();
        if (rs.alive() != wasAlive) {
            (rs.alive() ? rs.spec.notifyUp() : rs.spec.notifyDown()).ifPresent(scripts::add);
            List<PoolEvent> quorumEvents = new ArrayList<>();
            updateQuorum(scripts, quorumEvents);
            events.add(rs.alive()
                    ? new RealServerUp(spec.name(), rs.spec.address(), newWeight, !sorryActive, result.detail())
                    : new RealServerDown(spec.name(), rs.spec.address(), rs.spec.inhibitOnFailure(), result.detail()));
            events.addAll(quorumEvents);
        } else if (rs.alive() && newWeight != oldWeight) {
            events.add(new WeightChanged(spec.name(), rs.spec.address(), oldWeight, newWeight));
            updateQuorum(scripts, events);
        }
        return new PolicyStep(next, scripts, events);
    }

    /**
     * Stops the virtual server. With {@code omega}, the notify_down scripts of live real servers and quorum_down
     * (if quorum is held) are run, as keepalived does on shutdown (keepalived.conf(5) omega).
     */
    public PolicyStep stop() {
        List<ScriptSpec> scripts = new ArrayList<>();
        if (spec.omega()) {
            for (RealServerState rs : servers) {
                if (rs.alive()) {
                    rs.spec.notifyDown().ifPresent(scripts::add);
                }
            }
            if (quorumUp) {
                spec.quorumDown().ifPresent(scripts::add);
            }
        }
        return new PolicyStep(List.of(), scripts, List.of());
    }

    private void updateQuorum(List<ScriptSpec> scripts, List<PoolEvent> events) {
        long live = liveWeight();
        long threshold = quorum + (quorumUp ? -spec.hysteresis() : spec.hysteresis());
        if (!quorumUp && live >= threshold) {
            quorumUp = true;
            boolean wasSorry = sorryActive;
            sorryActive = false;
            spec.quorumUp().ifPresent(scripts::add);
            events.add(new QuorumGained(spec.name(), live, threshold, wasSorry));
        } else if (quorumUp && (live == 0 || live < threshold)) {
            quorumUp = false;
            sorryActive = spec.sorryServer().isPresent();
            spec.quorumDown().ifPresent(scripts::add);
            events.add(new QuorumLost(spec.name(), live, threshold, sorryActive));
        }
    }

    /** Sum of the live real servers' effective weights (ipwrapper.c {@code weigh_live_realservers}). */
    long liveWeight() {
        long sum = 0;
        for (RealServerState rs : servers) {
            if (rs.alive()) {
                sum += rs.effectiveWeight();
            }
        }
        return sum;
    }

    /** A snapshot of the pool. O(real servers); call it on demand, not per result. */
    public PoolView view() {
        List<RealServerView> views = new ArrayList<>(servers.length);
        for (RealServerState rs : servers) {
            boolean inhibit = rs.spec.inhibitOnFailure();
            boolean inPool;
            int poolWeight;
            if (sorryActive) {
                inPool = inhibit;
                poolWeight = 0;
            } else {
                inPool = rs.alive() || inhibit;
                poolWeight = rs.alive() ? rs.effectiveWeight() : 0;
            }
            views.add(new RealServerView(rs.spec.address(), rs.spec.weight(), rs.effectiveWeight(), rs.alive(), inPool,
                    poolWeight, rs.failedCheckers(), rs.checkerViews()));
        }
        Optional<PoolEntry> sorry = Optional.empty();
        if (spec.sorryServer().isPresent()) {
            SorryServerSpec ss = spec.sorryServer().get();
            if (sorryActive) {
                sorry = Optional.of(new PoolEntry(ss.address(), ss.weight()));
            } else if (ss.inhibit()) {
                sorry = Optional.of(new PoolEntry(ss.address(), 0));
            }
        }
        return new PoolView(spec.name(), quorumUp, liveWeight(), quorum, sorryActive, views, sorry);
    }
}
