package io.vigil.healthcheck.policy;

import static io.vigil.healthcheck.policy.Fixtures.SECOND;
import static io.vigil.healthcheck.policy.Fixtures.fail;
import static io.vigil.healthcheck.policy.Fixtures.rs;
import static io.vigil.healthcheck.policy.Fixtures.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.healthcheck.event.PoolEntry;
import io.vigil.healthcheck.event.QuorumLost;
import io.vigil.healthcheck.spec.CheckTiming;
import io.vigil.healthcheck.spec.RealServerSpec;
import io.vigil.healthcheck.spec.VirtualServerSpec;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link VirtualServerPolicy#reconfigured}: what a reload keeps of a virtual server's health. */
class VirtualServerPolicyReloadTest {

    private static final CheckTiming NO_RETRY = Fixtures.timing(10, 0, 1, false);
    private static final CheckTiming ALPHA = Fixtures.timing(10, 0, 1, true);

    private static VirtualServerSpec vs(long quorum, RealServerSpec... servers) {
        return new VirtualServerSpec("vs", List.of(servers), quorum, 0, Optional.empty(), Optional.empty(),
                Optional.empty(), false);
    }

    /** rs(1) up at weight 1, rs(2) down after a failure. */
    private static VirtualServerPolicy running() {
        VirtualServerPolicy p = new VirtualServerPolicy(vs(1, server(1, 1, false, NO_RETRY), server(2, 1, false, NO_RETRY)));
        p.start(0, new SplittableRandom(1));
        p.onResult(1, 0, fail(), SECOND);
        assertEquals(List.of(new PoolEntry(rs(1), 1)), p.view().entries());
        return p;
    }

    @Test
    void aWeightChangeAppliesAndKeepsEveryServersHealth() {
        VirtualServerPolicy next = VirtualServerPolicy.reconfigured(
                vs(1, server(1, 5, false, NO_RETRY), server(2, 1, false, NO_RETRY)), running());
        PolicyStep step = next.resume(2 * SECOND, new SplittableRandom(1));
        assertEquals(List.of(new PoolEntry(rs(1), 5)), next.view().entries(), "rs 2 stays down, rs 1 at its new weight");
        assertEquals(1, next.view().realServers().get(1).checkers().getFirst().failedChecks(), "counters kept");
        assertEquals(2, step.probes().size(), "both checkers keep probing");
        assertEquals(List.of(), step.events());
    }

    @Test
    void aNewRealServerStartsAsAtStartupHonouringAlpha() {
        VirtualServerPolicy next = VirtualServerPolicy.reconfigured(vs(1, server(1, 1, false, NO_RETRY),
                server(2, 1, false, NO_RETRY), server(3, 1, false, ALPHA), server(4, 1, false, NO_RETRY)), running());
        next.resume(2 * SECOND, new SplittableRandom(1));
        assertEquals(List.of(new PoolEntry(rs(1), 1), new PoolEntry(rs(4), 1)), next.view().entries(),
                "rs 3 (alpha) waits for a success, rs 4 (no alpha) is in at once, rs 2 is still down");
        assertFalse(next.view().realServers().get(2).healthy());
    }

    @Test
    void aChangedCheckerStartsAfreshWhileTheRestIsKept() {
        CheckTiming other = Fixtures.timing(5, 0, 1, false);
        VirtualServerPolicy next = VirtualServerPolicy.reconfigured(
                vs(1, server(1, 1, false, NO_RETRY), server(2, 1, false, other)), running());
        next.resume(2 * SECOND, new SplittableRandom(1));
        assertTrue(next.view().realServers().get(1).healthy(), "a new checker without alpha starts up");
        assertEquals(0, next.view().realServers().get(1).checkers().getFirst().failedChecks());
    }

    @Test
    void removingTheLastLiveServerLosesQuorumOnResume() {
        VirtualServerPolicy next = VirtualServerPolicy.reconfigured(vs(1, server(2, 1, false, NO_RETRY)), running());
        PolicyStep step = next.resume(2 * SECOND, new SplittableRandom(1));
        assertEquals(List.of(), next.view().entries());
        assertInstanceOf(QuorumLost.class, step.events().getFirst());
    }
}
