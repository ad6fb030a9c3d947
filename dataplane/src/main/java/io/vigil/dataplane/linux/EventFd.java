package io.vigil.dataplane.linux;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * An eventfd(2) counter used as a wake-up call: {@link #signal} makes the descriptor readable, so that a thread
 * blocked in poll(2) on it (among its other descriptors, see {@link PollSet}) returns; {@link #clear} makes it
 * unreadable again. Signals that come while it is readable add up to one wake-up. Non-blocking, close-on-exec.
 *
 * <p>Thread safety: every method may be called from any thread; {@link #signal} and {@link #clear} do nothing once
 * it is closed (the descriptor's number may already belong to another file).
 */
public final class EventFd implements AutoCloseable {

    /** EFD_NONBLOCK, sys/eventfd.h (= O_NONBLOCK). */
    private static final int EFD_NONBLOCK = 0x800;
    /** EFD_CLOEXEC, sys/eventfd.h (= O_CLOEXEC). */
    private static final int EFD_CLOEXEC = 0x80000;

    private final int fd;
    /** The descriptor in errors, made once: {@link #clear} runs on the dataplane's idle path, which allocates nothing. */
    private final String detail;
    private final OwnedDescriptor descriptor;
    private final MemorySegment one;
    private final MemorySegment counter;

    private EventFd(int fd) {
        this.fd = fd;
        this.detail = "eventfd " + fd;
        Arena arena = Arena.ofShared();
        this.descriptor = new OwnedDescriptor(fd, arena, detail);
        this.one = arena.allocate(JAVA_LONG); // an eventfd is read and written 8 bytes at a time, eventfd(2)
        this.counter = arena.allocate(JAVA_LONG);
        one.set(JAVA_LONG, 0, 1L);
    }

    /**
     * Opens a counter at zero.
     *
     * @throws LinuxException when the process is out of descriptors or memory
     */
    public static EventFd open() throws LinuxException {
        return new EventFd(Libc.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
    }

    /** The descriptor, to poll for POLLIN. */
    public int fd() {
        return fd;
    }

    /**
     * Makes the descriptor readable (adds one to the counter); a saturated counter stays readable. Allocates nothing:
     * a dataplane worker rings another's doorbell from its packet path. A write to an open non-blocking eventfd
     * of 8 bytes fails only with EAGAIN (the counter is full, so it is readable already), so no errno is captured.
     */
    public synchronized void signal() {
        if (!descriptor.isClosed()) {
            Libc.writeWithoutErrno(fd, one);
        }
    }

    /**
     * Resets the counter, so that poll(2) blocks on it again; returns whether it had been signalled. Allocates
     * nothing: a dataplane worker calls it on its idle path.
     */
    public synchronized boolean clear() {
        return !descriptor.isClosed() && Libc.readWithoutErrno(fd, counter) > 0; // fails only with EAGAIN: nothing signalled
    }

    /** Closes the descriptor; idempotent. */
    @Override
    public synchronized void close() {
        try {
            descriptor.close();
        } catch (LinuxException e) {
            throw new IllegalStateException("closing " + detail + " failed", e);
        }
    }
}
