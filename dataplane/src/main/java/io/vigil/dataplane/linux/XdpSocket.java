package io.vigil.dataplane.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * An AF_XDP socket (Documentation/networking/af_xdp.rst) bound to one queue of one device, with its own UMEM and
 * its four rings mapped into memory segments. Setup order (af-xdp.md): UMEM mmap, socket, XDP_UMEM_REG, ring sizes,
 * XDP_MMAP_OFFSETS and one mmap per ring, then bind with XDP_USE_NEED_WAKEUP, zero-copy first and copy mode when
 * the driver refuses it (veth: EOPNOTSUPP); EBUSY right after an earlier socket on the queue closed is retried for a
 * while (the kernel releases the queue late). Closing unmaps the rings before closing the socket (a mapping keeps
 * the socket, and the queue, busy).
 *
 * <p>Thread safety: the rings and {@link #kick()} belong to one worker thread; {@link #statistics()} may be called
 * from any thread; {@link #close()} once, after the worker stopped.
 */
public final class XdpSocket implements AutoCloseable {

    /** AF_XDP, linux/socket.h, and SOL_XDP. */
    static final int AF_XDP = 44;
    static final int SOL_XDP = 283;
    /** Socket options, linux/if_xdp.h. */
    static final int XDP_MMAP_OFFSETS = 1;
    static final int XDP_RX_RING = 2;
    static final int XDP_TX_RING = 3;
    static final int XDP_UMEM_REG = 4;
    static final int XDP_UMEM_FILL_RING = 5;
    static final int XDP_UMEM_COMPLETION_RING = 6;
    static final int XDP_STATISTICS = 7;
    static final int XDP_OPTIONS = 8;
    static final int XDP_MAX_TX_SKB_BUDGET = 9;
    /** sockaddr_xdp flags, linux/if_xdp.h. */
    static final short XDP_COPY = 2;
    static final short XDP_ZEROCOPY = 4;
    static final short XDP_USE_NEED_WAKEUP = 8;
    /** XDP_OPTIONS_ZEROCOPY, linux/if_xdp.h. */
    static final int OPTIONS_ZEROCOPY = 1;
    /** Ring mmap offsets, linux/if_xdp.h. */
    static final long PGOFF_RX_RING = 0;
    static final long PGOFF_TX_RING = 0x80000000L;
    static final long UMEM_PGOFF_FILL_RING = 0x100000000L;
    static final long UMEM_PGOFF_COMPLETION_RING = 0x180000000L;
    /** Sizes: xdp_desc 16, a fill/completion entry 8, xdp_mmap_offsets 128 (4 × {producer, consumer, desc, flags}). */
    static final int DESC_SIZE = 16;
    static final int ADDR_SIZE = 8;
    static final int MMAP_OFFSETS_SIZE = 128;
    /** xdp_statistics: six u64 counters. */
    static final int STATISTICS_SIZE = 48;
    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int BIND_ATTEMPTS = 50;
    /** Busy-polling socket options, asm-generic/socket.h (SO_PREFER_BUSY_POLL and the budget: kernel 5.11+). */
    static final int SO_BUSY_POLL = 46;
    static final int SO_PREFER_BUSY_POLL = 69;
    static final int SO_BUSY_POLL_BUDGET = 70;
    /** SO_INCOMING_NAPI_ID, asm-generic/socket.h: the NAPI a busy-polling socket polls (0: none). */
    static final int SO_INCOMING_NAPI_ID = 56;

    private final int fd;
    private final String context;
    private final boolean zeroCopy;
    private final MemorySegment umem;
    private final MemorySegment[] mappings;
    private final XskRing fill;
    private final XskRing completion;
    private final XskRing rx;
    private final XskRing tx;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment pollFd;
    private boolean closed;

    private XdpSocket(int fd, String context, boolean zeroCopy, MemorySegment umem, MemorySegment[] mappings,
            XskRing[] rings) {
        this.fd = fd;
        this.context = context;
        this.zeroCopy = zeroCopy;
        this.umem = umem;
        this.mappings = mappings;
        this.fill = rings[0];
        this.completion = rings[1];
        this.rx = rings[2];
        this.tx = rings[3];
        this.pollFd = arena.allocate(PollFd.LAYOUT);
        PollFd.write(pollFd, fd, (short) (PollFd.POLLIN | PollFd.POLLERR));
    }

    /**
     * Opens a socket on queue {@code queue} of {@code device} with a UMEM of {@code frameCount} frames of
     * {@code frameSize} bytes, fill and completion rings of {@code frameCount} entries and RX and TX rings of
     * {@code ringSize}.
     *
     * @throws LinuxException naming the device and the step that failed
     */
    public static XdpSocket open(String device, int ifindex, int queue, int frameCount, int frameSize, int ringSize)
            throws LinuxException {
        String context = "AF_XDP socket on " + device + " queue " + queue;
        MemorySegment umem = Libc.mmap((long) frameCount * frameSize, PacketSocketOptions.PROT_READ_WRITE,
                MAP_PRIVATE | MAP_ANONYMOUS | PacketSocketOptions.MAP_POPULATE, -1, 0);
        int fd;
        try {
            fd = Libc.socket(AF_XDP, SOCK_RAW | SOCK_CLOEXEC, 0);
        } catch (LinuxException e) {
            unmapQuietly(umem);
            throw e.withContext(context);
        }
        MemorySegment[] mappings = new MemorySegment[4];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment reg = arena.allocate(32, 8);
            reg.set(JAVA_LONG, 0, umem.address());
            reg.set(JAVA_LONG, 8, umem.byteSize());
            reg.set(JAVA_INT, 16, frameSize);
            Libc.setsockopt(fd, SOL_XDP, XDP_UMEM_REG, reg, "XDP_UMEM_REG");
            Libc.setsockopt(fd, SOL_XDP, XDP_UMEM_FILL_RING, frameCount, "XDP_UMEM_FILL_RING");
            Libc.setsockopt(fd, SOL_XDP, XDP_UMEM_COMPLETION_RING, frameCount, "XDP_UMEM_COMPLETION_RING");
            Libc.setsockopt(fd, SOL_XDP, XDP_RX_RING, ringSize, "XDP_RX_RING");
            Libc.setsockopt(fd, SOL_XDP, XDP_TX_RING, ringSize, "XDP_TX_RING");
            MemorySegment off = arena.allocate(MMAP_OFFSETS_SIZE, 8);
            Libc.getsockopt(fd, SOL_XDP, XDP_MMAP_OFFSETS, off, "XDP_MMAP_OFFSETS");
            // xdp_mmap_offsets: rx @0, tx @32, fr @64, cr @96; each {producer, consumer, desc, flags} as u64.
            XskRing[] rings = new XskRing[4];
            long[][] spec = {
                    {64, UMEM_PGOFF_FILL_RING, frameCount, ADDR_SIZE, 1},
                    {96, UMEM_PGOFF_COMPLETION_RING, frameCount, ADDR_SIZE, 0},
                    {0, PGOFF_RX_RING, ringSize, DESC_SIZE, 0},
                    {32, PGOFF_TX_RING, ringSize, DESC_SIZE, 1}};
            for (int i = 0; i < 4; i++) {
                long base = spec[i][0];
                long[] offsets = {off.get(JAVA_LONG, base), off.get(JAVA_LONG, base + 8), off.get(JAVA_LONG, base + 16),
                        off.get(JAVA_LONG, base + 24)};
                long length = offsets[2] + spec[i][2] * spec[i][3];
                mappings[i] = Libc.mmap(length, PacketSocketOptions.PROT_READ_WRITE,
                        PacketSocketOptions.MAP_SHARED | PacketSocketOptions.MAP_POPULATE, fd, spec[i][1]);
                rings[i] = new XskRing(mappings[i], offsets, (int) spec[i][2], (int) spec[i][3], spec[i][4] == 1);
            }
            boolean zeroCopy = bind(fd, ifindex, queue, arena);
            try {
                Libc.setsockopt(fd, SOL_XDP, XDP_MAX_TX_SKB_BUDGET, Math.min(ringSize, 512), "XDP_MAX_TX_SKB_BUDGET");
            } catch (LinuxException e) {
                // older kernels (before 6.14) send at most 32 frames per kick; the next flush sends the rest
            }
            return new XdpSocket(fd, context, zeroCopy, umem, mappings, rings);
        } catch (LinuxException e) {
            release(fd, mappings, umem);
            throw e.withContext(context);
        } catch (RuntimeException e) {
            release(fd, mappings, umem);
            throw e;
        }
    }

    private static void release(int fd, MemorySegment[] mappings, MemorySegment umem) {
        for (MemorySegment m : mappings) {
            if (m != null) {
                unmapQuietly(m);
            }
        }
        try {
            Libc.close(fd);
        } catch (LinuxException ignored) {
            // the first error is the one to report
        }
        unmapQuietly(umem);
    }

    /** Binds zero-copy, else copy mode; returns whether zero-copy was taken. */
    private static boolean bind(int fd, int ifindex, int queue, Arena arena) throws LinuxException {
        MemorySegment address = arena.allocate(16, 4);
        short[] attempts = {XDP_ZEROCOPY | XDP_USE_NEED_WAKEUP, XDP_COPY | XDP_USE_NEED_WAKEUP};
        for (int i = 0; i < attempts.length; i++) {
            address.set(JAVA_SHORT, 0, (short) AF_XDP);
            address.set(JAVA_SHORT, 2, attempts[i]);
            address.set(JAVA_INT, 4, ifindex);
            address.set(JAVA_INT, 8, queue);
            address.set(JAVA_INT, 12, 0);
            for (int tries = 1; ; tries++) {
                try {
                    Libc.bind(fd, address, i == 0 ? "zero-copy" : "copy mode");
                    return i == 0;
                } catch (LinuxException e) {
                    if (e.errno() == Errno.EBUSY && tries < BIND_ATTEMPTS) {
                        sleepMillis(10); // the queue of a socket closed just now is released late
                        continue;
                    }
                    boolean noZeroCopy = e.errno() == Errno.EOPNOTSUPP || e.errno() == Errno.EINVAL;
                    if (i == 0 && noZeroCopy) {
                        break;
                    }
                    throw e;
                }
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private static void sleepMillis(long millis) throws LinuxException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LinuxException("bind", Errno.EINTR, "interrupted while the queue was busy");
        }
    }

    /**
     * Tells the kernel to send what the TX ring holds: {@code sendto(fd, NULL, 0, MSG_DONTWAIT, NULL, 0)}. Returns 0
     * or {@code -errno}; EAGAIN, EBUSY and ENOBUFS mean "kick again later".
     */
    public long kick() {
        long rc = Libc.sendtoAddress(fd, 0L, 0L, MSG_DONTWAIT, MemorySegment.NULL);
        return rc < 0 ? rc : 0;
    }

    /**
     * Switches on preferred busy polling (Documentation/networking/napi.rst, "Preferred busy polling"): each
     * {@link #busyPoll()} runs the device queue's NAPI poll in the calling thread, up to {@code budget} frames,
     * and the kernel leaves that NAPI to this socket rather than to its softirq or NAPI thread for as long as the
     * device's {@code napi_defer_hard_irqs} and {@code gro_flush_timeout} allow (with both 0 the kernel takes the
     * NAPI back after every poll). The socket learns its NAPI from the first frame it receives.
     *
     * @throws LinuxException naming the option the kernel refused (ENOPROTOOPT before 5.11; EPERM without
     *                        CAP_NET_ADMIN)
     */
    public void preferBusyPoll(int micros, int budget) throws LinuxException {
        try {
            Libc.setsockopt(fd, SocketOptions.SOL_SOCKET, SO_BUSY_POLL, micros, "SO_BUSY_POLL");
            Libc.setsockopt(fd, SocketOptions.SOL_SOCKET, SO_PREFER_BUSY_POLL, 1, "SO_PREFER_BUSY_POLL");
            Libc.setsockopt(fd, SocketOptions.SOL_SOCKET, SO_BUSY_POLL_BUDGET, budget, "SO_BUSY_POLL_BUDGET");
        } catch (LinuxException e) {
            throw e.withContext(context);
        }
    }

    /**
     * The id of the NAPI this socket busy-polls, 0 when it has none. Since Linux 6.13 the kernel resolves it when
     * the socket binds, from the NAPI the driver registered for the queue ({@code netif_queue_set_napi}); veth
     * registers none, so a socket on a veth never busy-polls there. Before 6.13 the id came with the first frame.
     */
    public int napiId() throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(JAVA_INT);
            Libc.getsockopt(fd, SocketOptions.SOL_SOCKET, SO_INCOMING_NAPI_ID, value, "SO_INCOMING_NAPI_ID");
            return value.get(JAVA_INT, 0);
        } catch (LinuxException e) {
            throw e.withContext(context);
        }
    }

    /**
     * One round of busy polling: {@code recvfrom(fd, NULL, 0, MSG_DONTWAIT, NULL, NULL)}, which on an AF_XDP socket
     * with busy polling on runs the NAPI poll of its queue once, filling the RX ring. Returns 0 or {@code -errno}.
     */
    public long busyPoll() {
        long rc = Libc.recvfromNothing(fd, MSG_DONTWAIT);
        return rc < 0 ? rc : 0;
    }

    /** Waits in poll(2) up to {@code timeoutMillis} for received frames; 0 returns at once. */
    public void poll(int timeoutMillis) throws LinuxException {
        Libc.poll(pollFd, 1, timeoutMillis);
    }

    /** The kernel's XDP_STATISTICS (cumulative since bind). */
    public XdpStatistics statistics() throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(STATISTICS_SIZE, 8);
            Libc.getsockopt(fd, SOL_XDP, XDP_STATISTICS, s, "XDP_STATISTICS");
            return new XdpStatistics(s.get(JAVA_LONG, 0), s.get(JAVA_LONG, 8), s.get(JAVA_LONG, 16),
                    s.get(JAVA_LONG, 24), s.get(JAVA_LONG, 32), s.get(JAVA_LONG, 40));
        }
    }

    public MemorySegment umem() {
        return umem;
    }

    public XskRing fill() {
        return fill;
    }

    public XskRing completion() {
        return completion;
    }

    public XskRing rx() {
        return rx;
    }

    public XskRing tx() {
        return tx;
    }

    public int fd() {
        return fd;
    }

    /** Whether the driver took zero-copy (false: copy mode, as on veth). */
    public boolean zeroCopy() {
        return zeroCopy;
    }

    /** Unmaps the rings, closes the socket, frees the UMEM; idempotent. */
    @Override
    public synchronized void close() throws LinuxException {
        if (closed) {
            return;
        }
        closed = true;
        for (MemorySegment m : mappings) {
            unmapQuietly(m);
        }
        arena.close();
        try {
            Libc.close(fd);
        } finally {
            unmapQuietly(umem);
        }
    }

    private static void unmapQuietly(MemorySegment m) {
        try {
            Libc.munmap(m);
        } catch (LinuxException ignored) {
            // nothing more to do while closing
        }
    }

    @Override
    public String toString() {
        return context + (zeroCopy ? ", zero-copy" : ", copy mode");
    }
}
