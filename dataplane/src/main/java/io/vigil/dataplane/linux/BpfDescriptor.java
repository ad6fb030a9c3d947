package io.vigil.dataplane.linux;

/**
 * The descriptor of a BPF object (map, program, link), closed exactly once: closing drops this process's hold on
 * the object. Thread safety: {@link #close()} from any thread.
 */
final class BpfDescriptor implements AutoCloseable {

    private final int fd;
    private boolean closed;

    BpfDescriptor(int fd) {
        this.fd = fd;
    }

    int fd() {
        return fd;
    }

    /** Closes the descriptor; idempotent. */
    @Override
    public synchronized void close() throws LinuxException {
        if (closed) {
            return;
        }
        closed = true;
        Libc.close(fd);
    }
}
