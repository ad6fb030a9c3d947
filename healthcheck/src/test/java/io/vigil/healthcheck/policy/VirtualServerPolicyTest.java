package io.vigil.healthcheck.policy;

import io.vigil.healthcheck.check.WeightEffect;
import io.vigil.healthcheck.event.PoolEntry;
import io.vigil.healthcheck.event.PoolEvent;
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
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import static io.vigil.healthcheck.policy.Fixtures.SECOND;
import static io.vigil.healthcheck.policy.Fixtures.fail;
import static io.vigil.healthcheck.policy.Fixtures.ok;
import static io.vigil.healthcheck.policy.Fixtures.rs;
import static io.vigil.healthcheck.policy.Fixtures.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VirtualServerPolicyTest {

    private static final CheckTiming NO_RETRY = Fixtures.timing(10, 0, 1, false);
    private static final InetSocketAddress SORRY = new InetSocketAddress("198.18.9.9", 80);

    private static VirtualServerSpec vs(List<RealServerSpec> servers, long quorum, long hysteresis,
                                        Optional<SorryServerSpec> sorry) {
        return new VirtualServerSpec("vs", servers, quorum, hysteresis, Optional.of(ScriptSpec.of("/bin/qup")),
                Optional.of(ScriptSpec.of("/bin/qdown")), sorry, true);
    }

    private static List<RealServerSpec> servers(int n, boolean inhibit) {
        List<RealServerSpec> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(server(i, 1, inhibit, NO_RETRY));
        }
        return out;
    }

    private static PoolEntry entry(InetSocketAddress a, int w) {
        return new PoolEntry(a, w);
    }

    @Test
    void withoutAlphaRealServersStartInThePoolWithNoEvents() {
        VirtualServerPolicy p = new VirtualServerPolicy(vs(servers(2, false), 1, 0, Optional.empty()));
        PolicyStep start = p.start(0, new SplittableRandom(1));
        assertEquals(List.of(), start.events());
        assertEquals(2, start.probes().size());
        assertEquals(List.of(entry(rs(1), 1), entry(rs(2), 1)), p.view().entries());
    }

    @Test
    void alphaRealServersJoinOnlyAfterASuccess() {
        RealServerSpec alpha = server(1, 3, false, Fixtures.timing(10, 1, 1, true));
        VirtualServerPolicy p = new VirtualServerPolicy(vs(List.of(alpha), 1, 0, Optional.empty()));
        p.start(0, new SplittableRandom(1));
        assertEquals(List.of(), p.view().entries());
        assertEquals(List.of(), p.onResult(0, 0, fail(), SECOND).events());
        PolicyStep up = p.onResult(0, 0, ok(), 2 * SECOND);
        assertEquals(new RealServerUp("vs", rs(1), 3, true, "ok"), up.events().get(0));
        assertInstanceOf(QuorumGained.class, up.events().get(1));
        assertEquals(List.of(entry(rs(1), 3)), p.view().entries());
    }

    @Test
    void eventsGoOutOnTransitionsOnlyAndNotifyScriptsRun() {
        RealServerSpec rs1 = new RealServerSpec(rs(1), 1, false, server(1, 1, false, NO_RETRY).checks(),
                Optional.of(ScriptSpec.of("/bin/up 1")), Optional.of(ScriptSpec.of("/bin/down 1")));
        VirtualServerPolicy p = new VirtualServerPolicy(vs(List.of(rs1, server(2, 1, false, NO_RETRY)), 1, 0,
                Optional.empty()));
        p.start(0, new SplittableRandom(1));
        assertEquals(List.of(), p.onResult(0, 0, ok(), 1).events());
        PolicyStep down = p.onResult(0, 0, fail(), 2);
        assertEquals(List.of(new RealServerDown("vs", rs(1), false, "timeout")), down.events());
        assertEquals(List.of(ScriptSpec.of("/bin/down 1")), down.scripts());
        assertEquals(List.of(), p.onResult(0, 0, fail(), 3).events());
        assertEquals(List.of(), p.onResult(0, 0, fail(), 4).scripts());
        PolicyStep up = p.onResult(0, 0, ok(), 5);
        assertEquals(List.of(new RealServerUp("vs", rs(1), 1, true, "ok")), up.events());
        assertEquals(List.of(ScriptSpec.of("/bin/up 1")), up.scripts());
    }

    @Test
    void aRealServerIsUpOnlyWhenAllItsCheckersPass() {
        RealServerSpec two = RealServerSpec.of(rs(1), 1, false,
                List.of(Fixtures.tcp(1, NO_RETRY, 5), Fixtures.tcp(1, NO_RETRY, 5)));
        VirtualServerPolicy p = new VirtualServerPolicy(vs(List.of(two, server(2, 1, false, NO_RETRY)), 1, 0,
                Optional.empty()));
        p.start(0, new SplittableRandom(1));
        assertInstanceOf(RealServerDown.class, p.onResult(0, 0, fail(), 1).events().getFirst());
        assertEquals(List.of(), p.onResult(0, 1, fail(), 2).events());
        assertEquals(2, p.view().realServers().getFirst().failedCheckers());
        assertEquals(List.of(), p.onResult(0, 0, ok(), 3).events(), "one checker still down");
        assertInstanceOf(RealServerUp.class, p.onResult(0, 1, ok(), 4).events().getFirst());
    }

    @Test
    void inhibitOnFailureGivesWeightZeroRatherThanRemoval() {
        VirtualServerPolicy inhibit = new VirtualServerPolicy(vs(servers(2, true), 1, 0, Optional.empty()));
        inhibit.start(0, new SplittableRandom(1));
        assertEquals(List.of(new RealServerDown("vs", rs(1), true, "timeout")),
                inhibit.onResult(0, 0, fail(), 1).events());
        assertEquals(List.of(entry(rs(1), 0), entry(rs(2), 1)), inhibit.view().entries());
        RealServerView v = inhibit.view().realServers().getFirst();
        assertTrue(v.inPool());
        assertFalse(v.healthy());

        VirtualServerPolicy remove = new VirtualServerPolicy(vs(servers(2, false), 1, 0, Optional.empty()));
        remove.start(0, new SplittableRandom(1));
        remove.onResult(0, 0, fail(), 1);
        assertEquals(List.of(entry(rs(2), 1)), remove.view().entries());
    }

    @Test
    void quorumLossSwitchesToTheSorryServerAndBack() {
        VirtualServerPolicy p = new VirtualServerPolicy(vs(servers(3, false), 2, 0,
                Optional.of(new SorryServerSpec(SORRY, 5, false))));
        p.start(0, new SplittableRandom(1));
        p.onResult(0, 0, fail(), 1);
        assertEquals(List.of(entry(rs(2), 1), entry(rs(3), 1)), p.view().entries());
        PolicyStep lost = p.onResult(1, 0, fail(), 2);
        assertEquals(List.of(new RealServerDown("vs", rs(2), false, "timeout"), new QuorumLost("vs", 1, 2, true)),
                lost.events());
        assertEquals(List.of(ScriptSpec.of("/bin/qdown")), lost.scripts());
        assertEquals(List.of(entry(SORRY, 5)), p.view().entries(), "only the sorry server serves");
        assertTrue(p.view().sorryServerActive());

        PolicyStep back = p.onResult(0, 0, ok(), 3);
        assertEquals(List.of(new RealServerUp("vs", rs(1), 1, true, "ok"), new QuorumGained("vs", 2, 2, true)),
                back.events());
        assertEquals(List.of(ScriptSpec.of("/bin/qup")), back.scripts());
        assertEquals(List.of(entry(rs(1), 1), entry(rs(3), 1)), p.view().entries());
    }

    @Test
    void sorryServerInhibitKeepsItAtWeightZeroWhileUnused() {
        VirtualServerPolicy p = new VirtualServerPolicy(vs(servers(1, false), 1, 0,
                Optional.of(new SorryServerSpec(SORRY, 5, true))));
        p.start(0, new SplittableRandom(1));
        assertEquals(List.of(entry(rs(1), 1), entry(SORRY, 0)), p.view().entries());
        p.onResult(0, 0, fail(), 1);
        assertEquals(List.of(entry(SORRY, 5)), p.view().entries());
    }

    @Test
    void startingBelowQuorumPutsTheSorryServerInAtOnce() {
        RealServerSpec alpha = server(1, 1, false, Fixtures.timing(10, 0, 1, true));
        VirtualServerPolicy p = new VirtualServerPolicy(vs(List.of(alpha), 1, 0,
                Optional.of(new SorryServerSpec(SORRY, 1, false))));
        PolicyStep start = p.start(0, new SplittableRandom(1));
        assertEquals(List.of(new QuorumLost("vs", 0, 1, true)), start.events());
        assertEquals(List.of(entry(SORRY, 1)), p.view().entries());
    }

    @Test
    void hysteresisPreventsFlapping() {
        // quorum 2, hysteresis 1: lost below 1, gained at 3
        List<Class<? extends PoolEvent>> withHysteresis = quorumEvents(1);
        assertEquals(List.of(QuorumLost.class, QuorumGained.class), withHysteresis);
        // the same live-weight sequence without hysteresis flaps at every crossing of 2
        List<Class<? extends PoolEvent>> without = quorumEvents(0);
        assertEquals(List.of(QuorumLost.class, QuorumGained.class, QuorumLost.class, QuorumGained.class,
                QuorumLost.class, QuorumGained.class), without);
    }

    /** Live weight 4 → 3 → 2 → 1 → 2 → 1 → 2 → 1 → 0 → 1 → 2 → 3 with four weight-1 servers, quorum 2. */
    private static List<Class<? extends PoolEvent>> quorumEvents(long hysteresis) {
        VirtualServerPolicy p = new VirtualServerPolicy(vs(servers(4, false), 2, hysteresis, Optional.empty()));
        p.start(0, new SplittableRandom(1));
        List<PoolEvent> events = new ArrayList<>();
        long t = 1;
        int[][] steps = {{1, 0}, {2, 0}, {3, 0}, {3, 1}, {3, 0}, {3, 1}, {3, 0}, {0, 0}, {0, 1}, {3, 1}, {1, 1}};
        for (int[] s : steps) {
            events.addAll(p.onResult(s[0], 0, s[1] == 1 ? ok() : fail(), t++).events());
        }
        return events.stream().filter(e -> e instanceof QuorumLost || e instanceof QuorumGained)
                .<Class<? extends PoolEvent>>map(PoolEvent::getClass).toList();
    }

    @Test
    void miscDynamicSetsTheWeight() {
        VirtualServerPolicy p = new VirtualServerPolicy(vs(servers(2, false), 1, 0, Optional.empty()));
        p.start(0, new SplittableRandom(1));
        PolicyStep step = p.onResult(0, 0, ok().withWeight(WeightEffect.absolute(7)), 1);
        assertEquals(List.of(new WeightChanged("vs", rs(1), 1, 7)), step.events());
        assertEquals(List.of(entry(rs(1), 7), entry(rs(2), 1)), p.view().entries());
        assertEquals(List.of(), p.onResult(0, 0, ok().withWeight(WeightEffect.absolute(7)), 2).events());
        assertEquals(List.of(new WeightChanged("vs", rs(1), 7, 1)),
                p.onResult(0, 0, ok().withWeight(WeightEffect.relative(0)), 3).events());
    }

    @Test
    void aDownRealServerComesBackAtItsDynamicWeight() {
        VirtualServerPolicy p = new VirtualServerPolicy(vs(servers(2, false), 1, 0, Optional.empty()));
        p.start(0, new SplittableRandom(1));
        p.onResult(0, 0, fail(), 1);
        assertEquals(List.of(new RealServerUp("vs", rs(1), 40, true, "ok")),
                p.onResult(0, 0, ok().withWeight(WeightEffect.absolute(40)), 2).events());
    }

    @Test
    void warmupSpreadsFirstProbesWithTheInjectedRandomness() {
        CheckTiming warm = new CheckTiming(10 * SECOND, 1, SECOND, 10 * SECOND, false);
        List<RealServerSpec> many = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            many.add(server(i, 1, false, warm));
        }
        List<Long> first = new VirtualServerPolicy(vs(many, 1, 0, Optional.empty()))
                .start(100, new SplittableRandom(42)).probes().stream().map(ProbeDue::atNanos).toList();
        assertTrue(first.stream().allMatch(t -> t >= 100 && t <= 100 + 10 * SECOND), first.toString());
        assertTrue(first.stream().distinct().count() > 40, "spread, found " + first);
        assertEquals(first, new VirtualServerPolicy(vs(many, 1, 0, Optional.empty()))
                .start(100, new SplittableRandom(42)).probes().stream().map(ProbeDue::atNanos).toList());
        List<Long> cold = new VirtualServerPolicy(vs(servers(3, false), 1, 0, Optional.empty()))
                .start(100, new SplittableRandom(42)).probes().stream().map(ProbeDue::atNanos).toList();
        assertEquals(List.of(100L, 100L, 100L), cold, "warmup 0 starts at once");
    }

    @Test
    void omegaRunsShutdownScripts() {
        RealServerSpec rs1 = new RealServerSpec(rs(1), 1, false, server(1, 1, false, NO_RETRY).checks(),
                Optional.empty(), Optional.of(ScriptSpec.of("/bin/down 1")));
        VirtualServerPolicy p = new VirtualServerPolicy(vs(List.of(rs1), 1, 0, Optional.empty()));
        p.start(0, new SplittableRandom(1));
        assertEquals(List.of(ScriptSpec.of("/bin/down 1"), ScriptSpec.of("/bin/qdown")), p.stop().scripts());
    }
}
