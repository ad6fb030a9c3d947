package io.vigil.dataplane.linux;

import java.lang.foreign.Arena;

/**
 * A socket descriptor and the native memory that goes with it, closed together exactly once. The context names
 * the socket in every error. Thread safety: the owner's thread only.
 */
final class OwnedDescriptor implements AutoCloseable {

    private final int fd;
    private final Arena arena;
    private final String context;
    private boolean closed;

    OwnedDescriptor(int fd, Arena arena, String context) {
        this.fd = fd;
        this.arena = arena;
        this.context = context;
    }

    int fd() {
        return fd;
    }

    String context() {
        return context;
    }

    /** Whether {@link #close} has run (the number may since belong to another file). */
    boolean isClosed() {
        return closed;
    }

    /** Closes after a failure: the first error is the one the caller reports. */
    void closeQuietly() {
        try {
            close();
        } catch (LinuxException ignored) {
            // already failing; the first error is the one to report
        }
    }

    /** Frees the memory and closes the descriptor; idempotent. */
    @Override
    public void close() throws LinuxException {
        if (closed) {
            return;
        }
        closed = true;
        arena.close();
        try {
            Libc.close(fd);
        } catch (LinuxException e) {
            throw e.withContext(context);
        }
    }
}
