package io.vigil.dataplane.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** EventFd as a wake-up call and PollSet waiting on several descriptors, on real descriptors (no root needed). */
class EventFdTest {

    @Test
    void aSignalMakesTheDescriptorReadableUntilCleared() throws Exception {
        try (EventFd wakeUp = EventFd.open()) {
            PollSet set = new PollSet(wakeUp.fd());
            assertEquals(0, set.await(0));
            assertFalse(set.ready(0));
            wakeUp.signal();
            wakeUp.signal();
            assertEquals(1, set.await(0));
            assertTrue(set.ready(0));
            assertTrue(wakeUp.clear(), "two signals, one wake-up");
            assertEquals(0, set.await(0));
            assertFalse(wakeUp.clear());
        }
    }

    @Test
    void onlyTheSignalledDescriptorIsReady() throws Exception {
        try (EventFd first = EventFd.open(); EventFd second = EventFd.open()) {
            PollSet set = new PollSet(first.fd(), second.fd());
            second.signal();
            assertEquals(1, set.await(0));
            assertFalse(set.ready(0));
            assertTrue(set.ready(1));
            assertThrows(IndexOutOfBoundsException.class, () -> set.ready(2));
        }
    }

    @Test
    void aSignalFromAnotherThreadEndsAWait() throws Exception {
        try (EventFd wakeUp = EventFd.open()) {
            PollSet set = new PollSet(wakeUp.fd());
            Thread signaller = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                wakeUp.signal();
            });
            assertEquals(1, set.await(60_000), "woken by the signal, not by the minute's timeout");
            signaller.join();
        }
    }

    @Test
    void aClosedCounterIgnoresSignals() throws Exception {
        EventFd wakeUp = EventFd.open();
        wakeUp.close();
        wakeUp.signal();
        assertFalse(wakeUp.clear());
        wakeUp.close();
    }

    @Test
    void aPollSetRefusesANegativeDescriptor() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PollSet(3, -1));
        assertEquals("descriptor -1 at 1, expected 0 or more", e.getMessage());
    }
}
