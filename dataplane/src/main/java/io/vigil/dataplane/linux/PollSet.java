package io.vigil.dataplane.linux;

import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;

/**
 * poll(2) over a fixed list of descriptors at once, waiting for input (POLLIN) on any of them: what a thread that
 * serves several sockets does when it has nothing to do. The pollfd array is allocated once, so a wait allocates
 * nothing (poll(2) rewrites every revents); a new list of descriptors is a new set.
 *
 * <p>Thread safety: one waiting thread at a time. The memory is freed with the set by the garbage collector, so a
 * set needs no closing; it does not own the descriptors.
 */
public final class PollSet {

    private final int[] fds;
    private final MemorySegment pollFds;

    /** A set over these descriptors (none: a wait only sleeps). */
    public PollSet(int... fds) {
        this.fds = fds.clone();
        this.pollFds = Arena.ofAuto().allocate(PollFd.LAYOUT, Math.max(1, fds.length));
        for (int i = 0; i < fds.length; i++) {
            if (fds[i] < 0) {
                throw new IllegalArgumentException("descriptor " + fds[i] + " at " + i + ", expected 0 or more");
            }
            PollFd.write(pollFds.asSlice(i * PollFd.LAYOUT.byteSize(), PollFd.LAYOUT.byteSize()), fds[i], PollFd.POLLIN);
        }
    }

    /**
     * Blocks until a descriptor has input (or an error or hang-up, which poll(2) always reports) or
     * {@code timeoutMillis} passes (0: does not block; negative: no limit). A signal ends the wait early.
     *
     * @return how many descriptors are ready; 0 on timeout or signal
     * @throws LinuxException when poll(2) fails (a descriptor's memory is unusable, no memory)
     */
    public int await(int timeoutMillis) throws LinuxException {
        return Libc.poll(pollFds, fds.length, timeoutMillis);
    }

    /** Whether descriptor {@code index} (in the order given) was ready when the last {@link #await} returned. */
    public boolean ready(int index) {
        Objects.checkIndex(index, fds.length);
        return pollFds.get(JAVA_SHORT, index * PollFd.LAYOUT.byteSize() + PollFd.REVENTS) != 0;
    }

    /** The number of descriptors. */
    public int size() {
        return fds.length;
    }

    @Override
    public String toString() {
        return "PollSet" + Arrays.toString(fds);
    }
}
