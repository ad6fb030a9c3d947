package io.vigil.vrrp.fsm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScriptTrackerTest {

    @Test
    void firstResultDecidesEitherWay() {
        ScriptTracker ok = new ScriptTracker(3, 3, false);
        assertFalse(ok.known());
        assertTrue(ok.onResult(true));
        assertTrue(ok.ok());
        ScriptTracker bad = new ScriptTracker(3, 3, false);
        assertTrue(bad.onResult(false));
        assertTrue(bad.known());
        assertFalse(bad.ok());
    }

    @Test
    void fallConsecutiveFailuresMakeItFail() {
        ScriptTracker t = new ScriptTracker(2, 3, false);
        t.onResult(true);
        assertFalse(t.onResult(false));
        assertFalse(t.onResult(false));
        assertTrue(t.ok());
        assertTrue(t.onResult(false));
        assertFalse(t.ok());
    }

    @Test
    void aSuccessBetweenFailuresResetsTheFallCount() {
        ScriptTracker t = new ScriptTracker(1, 2, false);
        t.onResult(true);
        assertFalse(t.onResult(false));
        assertFalse(t.onResult(true));
        assertFalse(t.onResult(false));
        assertTrue(t.ok());
        assertTrue(t.onResult(false));
    }

    @Test
    void riseConsecutiveSuccessesMakeItOk() {
        ScriptTracker t = new ScriptTracker(3, 1, true);
        assertTrue(t.known());
        assertFalse(t.ok());
        assertFalse(t.onResult(true));
        assertFalse(t.onResult(true));
        assertTrue(t.onResult(true));
        assertTrue(t.ok());
        assertFalse(t.onResult(true), "no change while it stays OK");
    }

    @Test
    void aFailureDuringRiseStartsOver() {
        ScriptTracker t = new ScriptTracker(2, 1, true);
        t.onResult(true);
        assertFalse(t.onResult(false));
        assertFalse(t.onResult(true));
        assertTrue(t.onResult(true));
    }
}
