package io.vigil.dataplane.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/** {@code struct pollfd} (sys/poll.h), 8 bytes: int fd, short events, short revents; and the event bits. */
final class PollFd {

    /** POLLIN, bits/poll.h. */
    static final short POLLIN = 0x001;
    /** POLLERR, bits/poll.h. */
    static final short POLLERR = 0x008;

    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"),
            JAVA_SHORT.withName("events"),
            JAVA_SHORT.withName("revents"));

    static final long FD = LAYOUT.byteOffset(groupElement("fd"));
    static final long EVENTS = LAYOUT.byteOffset(groupElement("events"));
    static final long REVENTS = LAYOUT.byteOffset(groupElement("revents"));

    private PollFd() {
    }

    static void write(MemorySegment s, int fd, short events) {
        s.set(JAVA_INT, FD, fd);
        s.set(JAVA_SHORT, EVENTS, events);
        s.set(JAVA_SHORT, REVENTS, (short) 0);
    }

    static short revents(MemorySegment s) {
        return s.get(JAVA_SHORT, REVENTS);
    }
}
