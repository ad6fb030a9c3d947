package io.vigil.dataplane.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sd_notify(3) over a real AF_UNIX datagram socket standing in for systemd's. */
class ServiceNotifierTest {

    @TempDir
    Path dir;

    @Test
    void sockaddrUnIs110Bytes() {
        assertEquals(110, SockaddrUn.LAYOUT.byteSize());
        assertEquals(2, SockaddrUn.PATH);
    }

    @Test
    void readyReachesThePathInNotifySocket() throws Exception {
        String path = dir.resolve("notify").toString();
        try (Receiver systemd = new Receiver(path);
             ServiceNotifier notifier = ServiceNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", path))) {
            assertTrue(notifier.enabled());
            notifier.send("READY=1\nSTATUS=running");
            assertEquals("READY=1\nSTATUS=running", systemd.receive());
            notifier.send("STOPPING=1");
            assertEquals("STOPPING=1", systemd.receive());
        }
    }

    @Test
    void anAtSignNamesAnAbstractSocket() throws Exception {
        String name = "@vigil-notify-test-" + ProcessHandle.current().pid();
        try (Receiver systemd = new Receiver(name); ServiceNotifier notifier = ServiceNotifier.open(name)) {
            notifier.send("RELOADING=1");
            assertEquals("RELOADING=1", systemd.receive());
        }
        assertFalse(Files.exists(Path.of(name)), "an abstract name is not a file");
    }

    @Test
    void withoutNotifySocketEverySendIsANoOp() throws Exception {
        try (ServiceNotifier notifier = ServiceNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", ""))) {
            assertFalse(notifier.enabled());
            notifier.send("READY=1");
        }
        assertFalse(ServiceNotifier.fromEnvironment(Map.of()).enabled());
    }

    @Test
    void aGoneServiceManagerIsAnErrorThatNamesTheSocket() throws Exception {
        String path = dir.resolve("gone").toString();
        try (ServiceNotifier notifier = ServiceNotifier.open(path)) {
            LinuxException e = assertThrows(LinuxException.class, () -> notifier.send("READY=1"));
            assertEquals(Errno.ENOENT, e.errno());
            assertTrue(e.getMessage().contains("notify socket " + path), e.getMessage());
        }
    }

    @Test
    void aPathLongerThanSunPathIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServiceNotifier.open("/" + "x".repeat(120)));
        assertTrue(e.getMessage().contains("expected 1 to 107"), e.getMessage());
    }

    /** The service manager's end: a bound AF_UNIX datagram socket. */
    private static final class Receiver implements AutoCloseable {
        private final Arena arena = Arena.ofConfined();
        private final int fd;

        Receiver(String path) throws LinuxException {
            fd = Libc.socket(SocketOptions.AF_UNIX, SocketOptions.SOCK_DGRAM | SocketOptions.SOCK_CLOEXEC, 0);
            Libc.bind(fd, SockaddrUn.write(arena.allocate(SockaddrUn.LAYOUT), path), path);
        }

        String receive() throws LinuxException {
            MemorySegment buffer = arena.allocate(4096);
            long n = Libc.recvfrom(fd, buffer, 0, MemorySegment.NULL, "receiver");
            return new String(buffer.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                    StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws LinuxException {
            Libc.close(fd);
            arena.close();
        }
    }
}
