package io.vigil.healthcheck.policy;

import io.vigil.healthcheck.spec.CheckTiming;
import org.junit.jupiter.api.Test;

import static io.vigil.healthcheck.policy.Fixtures.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryStateTest {

    @Test
    void upCheckerIsRetriedRetryTimesAtDelayBeforeRetryThenGoesDown() {
        RetryState s = new RetryState(Fixtures.timing(10, 2, 3, false));
        assertEquals(new RetryState.Verdict(RetryState.Transition.NONE, 3 * SECOND), s.onOutcome(false));
        assertEquals(new RetryState.Verdict(RetryState.Transition.NONE, 3 * SECOND), s.onOutcome(false));
        assertTrue(s.up());
        assertEquals(new RetryState.Verdict(RetryState.Transition.DOWN, 10 * SECOND), s.onOutcome(false));
        assertFalse(s.up());
        // further failures while down: no retries, no transitions
        assertEquals(new RetryState.Verdict(RetryState.Transition.NONE, 10 * SECOND), s.onOutcome(false));
    }

    @Test
    void successDuringRetriesResetsTheCounter() {
        RetryState s = new RetryState(Fixtures.timing(10, 1, 3, false));
        s.onOutcome(false);
        assertEquals(1, s.retriesInFlight());
        assertEquals(RetryState.Transition.NONE, s.onOutcome(true).transition());
        assertEquals(0, s.retriesInFlight());
        assertEquals(RetryState.Transition.NONE, s.onOutcome(false).transition());
        assertEquals(RetryState.Transition.DOWN, s.onOutcome(false).transition());
    }

    @Test
    void downCheckerComesUpAfterOneSuccess() {
        RetryState s = new RetryState(Fixtures.timing(10, 0, 1, false));
        assertEquals(RetryState.Transition.DOWN, s.onOutcome(false).transition());
        assertEquals(new RetryState.Verdict(RetryState.Transition.UP, 10 * SECOND), s.onOutcome(true));
    }

    @Test
    void alphaStartsDownAndFailuresStaySilent() {
        RetryState s = new RetryState(new CheckTiming(10 * SECOND, 1, SECOND, 0, true));
        assertFalse(s.up());
        assertEquals(new RetryState.Verdict(RetryState.Transition.NONE, 10 * SECOND), s.onOutcome(false));
        assertEquals(RetryState.Transition.UP, s.onOutcome(true).transition());
    }
}
