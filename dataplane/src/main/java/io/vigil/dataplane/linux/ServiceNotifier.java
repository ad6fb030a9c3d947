package io.vigil.dataplane.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The service manager's readiness protocol, sd_notify(3): one datagram of {@code KEY=VALUE} lines per state
 * change ({@code READY=1}, {@code RELOADING=1}, {@code STOPPING=1}, {@code STATUS=...}) sent over an AF_UNIX
 * datagram socket to the path in {@code $NOTIFY_SOCKET} ({@code @name} for an abstract socket). Without that
 * variable every call is a no-op, so the daemon runs the same way outside systemd.
 * <p>Thread safety: {@link #send} may be called from any thread (calls are serialised).
 */
public final class ServiceNotifier implements AutoCloseable {

    /** The environment variable systemd sets for {@code Type=notify} services. */
    public static final String NOTIFY_SOCKET = "NOTIFY_SOCKET";

    private static final ServiceNotifier DISABLED = new ServiceNotifier(null, null, null);

    private final OwnedDescriptor socket;
    private final MemorySegment address;
    private final String path;

    private ServiceNotifier(OwnedDescriptor socket, MemorySegment address, String path) {
        this.socket = socket;
        this.address = address;
        this.path = path;
    }

    /** A notifier that sends nothing (no service manager). */
    public static ServiceNotifier disabled() {
        return DISABLED;
    }

    /**
     * A notifier for {@code $NOTIFY_SOCKET} in {@code environment}, or a disabled one when it is unset or empty.
     *
     * @throws LinuxException when the socket cannot be created
     * @throws IllegalArgumentException when the path is too long for sockaddr_un
     */
    public static ServiceNotifier fromEnvironment(Map<String, String> environment) throws LinuxException {
        String path = environment.get(NOTIFY_SOCKET);
        return path == null || path.isEmpty() ? DISABLED : open(path);
    }

    /**
     * A notifier sending to the AF_UNIX datagram socket at {@code path} ({@code @name}: abstract).
     *
     * @throws LinuxException when the socket cannot be created
     * @throws IllegalArgumentException when the path is too long for sockaddr_un
     */
    public static ServiceNotifier open(String path) throws LinuxException {
        Arena arena = Arena.ofShared();
        MemorySegment address;
        try {
            address = SockaddrUn.write(arena.allocate(SockaddrUn.LAYOUT), path);
        } catch (IllegalArgumentException e) {
            arena.close();
            throw e;
        }
        int fd;
        try {
            fd = Libc.socket(SocketOptions.AF_UNIX, SocketOptions.SOCK_DGRAM | SocketOptions.SOCK_CLOEXEC, 0);
        } catch (LinuxException e) {
            arena.close();
            throw e.withContext("notify socket " + path);
        }
        return new ServiceNotifier(new OwnedDescriptor(fd, arena, "notify socket " + path), address, path);
    }

    /** True when there is a service manager to notify. */
    public boolean enabled() {
        return socket != null;
    }

    /** The socket's path as {@code $NOTIFY_SOCKET} gave it, or null when disabled. */
    public String path() {
        return path;
    }

    /**
     * Sends one notification, e.g. {@code "READY=1"} or {@code "RELOADING=1\nMONOTONIC_USEC=..."}; a no-op when
     * disabled.
     *
     * @throws LinuxException when the datagram cannot be sent (the service manager is gone, the socket is full)
     */
    public synchronized void send(String state) throws LinuxException {
        if (socket == null) {
            return;
        }
        byte[] bytes = state.getBytes(StandardCharsets.UTF_8);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(Math.max(1, bytes.length));
            MemorySegment.copy(MemorySegment.ofArray(bytes), 0, data, 0, bytes.length);
            try {
                Libc.sendto(socket.fd(), data, bytes.length, SocketOptions.MSG_NOSIGNAL, address, state);
            } catch (LinuxException e) {
                throw e.withContext(socket.context());
            }
        }
    }

    /** Closes the socket; idempotent. */
    @Override
    public synchronized void close() throws LinuxException {
        if (socket != null) {
            socket.close();
        }
    }
}
