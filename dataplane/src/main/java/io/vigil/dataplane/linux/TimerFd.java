package io.vigil.dataplane.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A non-blocking timerfd on {@code CLOCK_MONOTONIC} (timerfd_create(2)), the clock of {@link System#nanoTime()} on
 * Linux: armed at an absolute time, readable once it has expired, so an event loop can watch it like a socket. Arming
 * and acknowledging allocate nothing (the {@code struct itimerspec} and the expiry count live in memory owned here).
 *
 * <p>Threading: one owner thread.
 */
public final class TimerFd implements AutoCloseable {

    /** CLOCK_MONOTONIC, linux/time.h. */
    private static final int CLOCK_MONOTONIC = 1;
    /** TFD_NONBLOCK (= O_NONBLOCK) | TFD_CLOEXEC (= O_CLOEXEC), sys/timerfd.h. */
    private static final int TFD_NONBLOCK_CLOEXEC = 0x800 | 0x80000;
    /** TFD_TIMER_ABSTIME, sys/timerfd.h. */
    private static final int TFD_TIMER_ABSTIME = 1;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** struct itimerspec: it_interval {tv_sec, tv_nsec}, it_value {tv_sec, tv_nsec}; four 64-bit words. */
    private static final long IT_VALUE_SEC = 16;
    private static final long IT_VALUE_NSEC = 24;
    private static final int ITIMERSPEC_SIZE = 32;

    private final OwnedDescriptor descriptor;
    private final MemorySegment spec;
    private final MemorySegment count;

    private TimerFd(OwnedDescriptor descriptor, MemorySegment spec, MemorySegment count) {
        this.descriptor = descriptor;
        this.spec = spec;
        this.count = count;
    }

    /** A new, disarmed timer. */
    public static TimerFd open() throws LinuxException {
        int fd = Libc.timerfdCreate(CLOCK_MONOTONIC, TFD_NONBLOCK_CLOEXEC);
        Arena arena = Arena.ofShared();
        MemorySegment spec = arena.allocate(ITIMERSPEC_SIZE, 8);
        MemorySegment count = arena.allocate(8, 8);
        return new TimerFd(new OwnedDescriptor(fd, arena, "timerfd " + fd), spec, count);
    }

    /** The descriptor, to register with an event loop (readable once expired). */
    public int fd() {
        return descriptor.fd();
    }

    /** Arms the timer to expire at {@code monotonicNanos} ({@link System#nanoTime()}); a past time expires at once. */
    public void armAt(long monotonicNanos) throws LinuxException {
        long at = Math.max(1, monotonicNanos); // all zeros would disarm
        set(at / NANOS_PER_SECOND, at % NANOS_PER_SECOND);
    }

    /** Disarms the timer. */
    public void disarm() throws LinuxException {
        set(0, 0);
    }

    private void set(long seconds, long nanos) throws LinuxException {
        spec.fill((byte) 0);
        spec.set(ValueLayout.JAVA_LONG, IT_VALUE_SEC, seconds);
        spec.set(ValueLayout.JAVA_LONG, IT_VALUE_NSEC, nanos);
        Libc.timerfdSettime(descriptor.fd(), TFD_TIMER_ABSTIME, spec);
    }

    /** Reads (and so clears) the expiry count; returns false when the timer had not expired. */
    public boolean acknowledge() throws LinuxException {
        return Libc.read(descriptor.fd(), count, descriptor.context()) == 8;
    }

    @Override
    public void close() throws LinuxException {
        descriptor.close();
    }
}
