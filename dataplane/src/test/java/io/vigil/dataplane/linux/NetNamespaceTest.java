package io.vigil.dataplane.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class NetNamespaceTest {

    @Test
    void namesThatCouldEscapeTheNetnsDirectoryAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> NetNamespace.named("../etc"));
        assertThrows(IllegalArgumentException.class, () -> NetNamespace.named(""));
        assertEquals("/var/run/netns/lab-a", NetNamespace.named("lab-a").path().toString());
    }

    @Test
    void virtualThreadsMayNotEnter() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread.ofVirtual().start(() -> {
            try {
                NetNamespace.initial().enter();
            } catch (Throwable t) {
                failure.set(t);
            }
        }).join();
        assertInstanceOf(IllegalStateException.class, failure.get());
    }

    @Test
    void aMissingNamespaceFailsWithTheCallAndPath() {
        LinuxException e = assertThrows(LinuxException.class,
                () -> NetNamespace.named("vigil-no-such-ns").call(() -> 1));
        assertEquals("open", e.call());
        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(e.getMessage().contains("/var/run/netns/vigil-no-such-ns"), e.getMessage());
    }
}
