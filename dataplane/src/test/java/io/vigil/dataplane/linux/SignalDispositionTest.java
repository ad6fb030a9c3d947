package io.vigil.dataplane.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SignalDispositionTest {

    /** SIGWINCH: its default action is to ignore it, so changing it cannot hurt the test JVM. */
    private static final int SIGWINCH = 28;

    @Test
    void anIgnoredSignalGetsItsDefaultBackAndAnyOtherIsLeftAsItWas() {
        long before = Libc.signal(SIGWINCH, 1); // SIG_IGN, as nohup leaves SIGHUP
        try {
            assertTrue(SignalDisposition.unignore(SIGWINCH), "it was ignored");
            assertEquals(0, Libc.signal(SIGWINCH, 0), "now SIG_DFL");
            assertFalse(SignalDisposition.unignore(SIGWINCH), "not ignored any more");
            assertEquals(0, Libc.signal(SIGWINCH, 0), "and left as it was");
        } finally {
            Libc.signal(SIGWINCH, before);
        }
    }

    @Test
    void aNumberThatIsNoSignalIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SignalDisposition.unignore(65));
        assertTrue(e.getMessage().contains("signal 65"), e.getMessage());
    }
}
