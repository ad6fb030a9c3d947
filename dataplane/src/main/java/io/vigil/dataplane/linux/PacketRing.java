package io.vigil.dataplane.linux;

import static io.vigil.dataplane.linux.PacketSocketOptions.SOL_PACKET;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.vigil.dataplane.packet.MacAddress;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * An AF_PACKET socket on one interface with a TPACKET_V3 or TPACKET_V2 receive ring ({@link RingConfig#version})
 * mapped into a {@link MemorySegment}, and transmission by sendto(2) with a sockaddr_ll.
 *
 * <p>Setup order (ffm-feasibility Q3): socket with protocol 0 (nothing is queued before bind), PACKET_VERSION,
 * PACKET_IGNORE_OUTGOING, PACKET_QDISC_BYPASS, PACKET_RX_RING, mmap, then bind to ETH_P_ALL on the
 * interface. An ETH_P_ALL tap sees frames before tc and nftables ingress, so frames that {@link NftSteering}
 * drops still reach the ring.
 *
 * <p>Reading: {@link #read} hands a {@link FrameVisitor} at most one block (TPACKET_V3) or at most
 * {@link #FRAME_BATCH} frames (TPACKET_V2, where each frame slot has its own status) per call and gives them back
 * to the kernel; the status word (block or frame) is read with acquire and written with release semantics.
 *
 * <p>Transmitting: {@link #sendFrame} (one sendto per frame) or, with a TX ring, {@link #enqueue} into
 * PACKET_TX_RING slots (status SEND_REQUEST written with release) and one {@link #kick} per batch.
 *
 * <p>Thread safety: one owner thread (the port's worker). The socket belongs to the network namespace of the
 * thread that opened it.
 */
public final class PacketRing implements AutoCloseable {

    /** The most TPACKET_V2 frames one {@link #read} hands over, so a caller under load still gets control back. */
    public static final int FRAME_BATCH = 64;
    private static final VarHandle STATUS = JAVA_INT.varHandle();
    private static final long ETHER_TYPE_OFFSET = 12;
    private static final int ETHER_HEADER_LENGTH = 14;

    private final int fd;
    private final String interfaceName;
    private final int ifindex;
    private final RingConfig config;
    private final String context;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment mapping;
    private final MemorySegment ring;
    private final MemorySegment destination;
    private final MemorySegment pollFd;
    private final MemorySegment statistics;
    private final long txBase;
    private final int txFrames;
    private final boolean perFrame;
    /** Where a TX frame's data starts: tp_hdrlen - sizeof(sockaddr_ll), 48 for V3, 32 for V2 (af_packet.c). */
    private final int txDataOffset;
    private final long txStatus;
    private final long txLen;
    private final long txSnaplen;
    private final int rxFrames;
    private int currentBlock;
    private int currentFrame;
    private int txHead;
    private int txQueued;
    private boolean closed;

    private PacketRing(int fd, String interfaceName, int ifindex, RingConfig config, String context,
            MemorySegment mapping, int txBlockCount) {
        this.fd = fd;
        this.interfaceName = interfaceName;
        this.ifindex = ifindex;
        this.config = config;
        this.context = context;
        this.mapping = mapping;
        this.ring = mapping.reinterpret(arena, null);
        this.destination = arena.allocate(SockaddrLl.LAYOUT);
        SockaddrLl.write(destination, PacketSocketOptions.ETH_P_ALL, ifindex);
        this.pollFd = arena.allocate(PollFd.LAYOUT);
        this.statistics = arena.allocate(TpacketStatsV3.LAYOUT);
        this.txBase = config.ringBytes();
        this.txFrames = config.blockSize() / config.frameSize() * txBlockCount;
        this.rxFrames = config.frameCount();
        this.perFrame = config.version() == RingVersion.TPACKET_V2;
        this.txDataOffset = (int) (perFrame ? Tpacket2Hdr.SOCKADDR_LL : Tpacket3Hdr.SOCKADDR_LL);
        this.txStatus = perFrame ? Tpacket2Hdr.STATUS : Tpacket3Hdr.STATUS;
        this.txLen = perFrame ? Tpacket2Hdr.LEN : Tpacket3Hdr.LEN;
        this.txSnaplen = perFrame ? Tpacket2Hdr.SNAPLEN : Tpacket3Hdr.SNAPLEN;
    }

    /** Opens the ring on {@code interfaceName} (in the calling thread's network namespace), without a TX ring. */
    public static PacketRing open(String interfaceName, RingConfig config) throws LinuxException {
        return open(interfaceName, config, 0);
    }

    /**
     * Opens the ring on {@code interfaceName} with a PACKET_TX_RING of {@code txBlockCount} blocks of the same
     * block and frame size mapped after the RX ring (0: no TX ring; send with {@link #send} or {@link #sendFrame}).
     */
    public static PacketRing open(String interfaceName, RingConfig config, int txBlockCount) throws LinuxException {
        if (txBlockCount < 0) {
            throw new IllegalArgumentException("TX block count " + txBlockCount + ", expected >= 0");
        }
        String context = "interface " + interfaceName + ", AF_PACKET " + config.version() + " ring " + config.blockCount() + " x "
                + config.blockSize() + " bytes" + (txBlockCount > 0 ? " + TX ring " + txBlockCount + " blocks" : "");
        int ifindex;
        int fd;
        try {
            ifindex = Libc.ifNameToIndex(interfaceName);
            fd = Libc.socket(SocketOptions.AF_PACKET,
                    SocketOptions.SOCK_RAW | SocketOptions.SOCK_NONBLOCK | SocketOptions.SOCK_CLOEXEC, 0);
        } catch (LinuxException e) {
            throw e.withContext(context);
        }
        MemorySegment mapping = null;
        try (Arena local = Arena.ofConfined()) {
            Libc.setsockopt(fd, SOL_PACKET, PacketSocketOptions.PACKET_VERSION, config.version().kernelValue(), "PACKET_VERSION");
            if (config.ignoreOutgoing()) {
                Libc.setsockopt(fd, SOL_PACKET, PacketSocketOptions.PACKET_IGNORE_OUTGOING, 1, "PACKET_IGNORE_OUTGOING");
            }
            if (config.qdiscBypass()) {
                Libc.setsockopt(fd, SOL_PACKET, PacketSocketOptions.PACKET_QDISC_BYPASS, 1, "PACKET_QDISC_BYPASS");
            }
            if (txBlockCount > 0) { // before any ring exists, or the kernel answers EBUSY
                Libc.setsockopt(fd, SOL_PACKET, PacketSocketOptions.PACKET_LOSS, 1, "PACKET_LOSS");
            }
            boolean v2 = config.version() == RingVersion.TPACKET_V2;
            MemorySegment request = local.allocate(v2 ? TpacketReq.LAYOUT : TpacketReq3.LAYOUT);
            if (v2) {
                TpacketReq.write(request, config.blockSize(), config.blockCount(), config.frameSize());
            } else {
                TpacketReq3.writeRx(request, config.blockSize(), config.blockCount(), config.frameSize(),
                        config.retireBlockTimeoutMillis());
            }
            Libc.setsockopt(fd, SOL_PACKET, PacketSocketOptions.PACKET_RX_RING, request, "PACKET_RX_RING");
            long txBytes = (long) config.blockSize() * txBlockCount;
            if (txBlockCount > 0) {
                if (v2) {
                    TpacketReq.write(request, config.blockSize(), txBlockCount, config.frameSize());
                } else {
                    TpacketReq3.writeTx(request, config.blockSize(), txBlockCount, config.frameSize());
                }
                Libc.setsockopt(fd, SOL_PACKET, PacketSocketOptions.PACKET_TX_RING, request, "PACKET_TX_RING");
            }
            mapping = Libc.mmap(config.ringBytes() + txBytes, PacketSocketOptions.PROT_READ_WRITE,
                    PacketSocketOptions.MAP_SHARED | PacketSocketOptions.MAP_POPULATE, fd, 0);
            MemorySegment address = local.allocate(SockaddrLl.LAYOUT);
            SockaddrLl.write(address, PacketSocketOptions.ETH_P_ALL, ifindex);
            Libc.bind(fd, address, "ETH_P_ALL, ifindex " + ifindex);
            return new PacketRing(fd, interfaceName, ifindex, config, context, mapping, txBlockCount);
        } catch (LinuxException e) {
            release(fd, mapping);
            throw e.withContext(context);
        }
    }

    private static void release(int fd, MemorySegment mapping) {
        try {
            if (mapping != null) {
                Libc.munmap(mapping);
            }
        } catch (LinuxException ignored) {
            // reporting the first failure
        }
        try {
            Libc.close(fd);
        } catch (LinuxException ignored) {
            // reporting the first failure
        }
    }

    /**
     * Makes this socket a member of a PACKET_FANOUT_CBPF group on its interface: the kernel then hands each frame
     * to one member only, the one the group's program ({@link #fanoutProgram}) names; until a program is set every
     * frame goes to the first member. Members are numbered in the order they joined.
     *
     * @param groupId the group to join, or -1 to create a group with a free id
     * @return the group's id, for the other members
     */
    public int joinFanout(int groupId) throws LinuxException {
        int flags = PacketSocketOptions.PACKET_FANOUT_CBPF
                | (config.ignoreOutgoing() ? PacketSocketOptions.PACKET_FANOUT_FLAG_IGNORE_OUTGOING : 0);
        try (Arena local = Arena.ofConfined()) {
            if (groupId < 0) {
                Libc.setsockopt(fd, SOL_PACKET, PacketSocketOptions.PACKET_FANOUT,
                        (flags | PacketSocketOptions.PACKET_FANOUT_FLAG_UNIQUEID) << 16, "PACKET_FANOUT");
                MemorySegment value = local.allocate(JAVA_INT);
                Libc.getsockopt(fd, SOL_PACKET, PacketSocketOptions.PACKET_FANOUT, value, "PACKET_FANOUT");
                return value.get(JAVA_INT, 0) & 0xffff;
            }
            Libc.setsockopt(fd, SOL_PACKET, PacketSocketOptions.PACKET_FANOUT, (groupId & 0xffff) | flags << 16,
                    "PACKET_FANOUT");
            return groupId;
        } catch (LinuxException e) {
            throw e.withContext(context + ", fanout group " + groupId);
        }
    }

    /** Replaces the classic BPF program of this socket's fanout group (PACKET_FANOUT_DATA); any member may. */
    public void fanoutProgram(ClassicBpf program) throws LinuxException {
        try (Arena local = Arena.ofConfined()) {
            Libc.setsockopt(fd, SOL_PACKET, PacketSocketOptions.PACKET_FANOUT_DATA, program.toSockFprog(local),
                    "PACKET_FANOUT_DATA");
        } catch (LinuxException e) {
            throw e.withContext(context + ", " + program);
        }
    }

    /** Waits up to {@code timeoutMillis} for the socket to become readable (a block or frame is ready, or an error). */
    public boolean poll(int timeoutMillis) throws LinuxException {
        PollFd.write(pollFd, fd, (short) (PollFd.POLLIN | PollFd.POLLERR));
        try {
            return Libc.poll(pollFd, 1, timeoutMillis) > 0;
        } catch (LinuxException e) {
            throw e.withContext(context);
        }
    }

    /** Whether the next block (TPACKET_V3) or frame (TPACKET_V2) has been handed to user space; does not block. */
    public boolean ready() {
        long status = perFrame ? (long) currentFrame * config.frameSize() + Tpacket2Hdr.STATUS
                : (long) currentBlock * config.blockSize() + TpacketBlockDesc.BLOCK_STATUS;
        return ((int) STATUS.getAcquire(ring, status) & PacketSocketOptions.TP_STATUS_USER) != 0;
    }

    /**
     * Hands the frames user space owns to {@code visitor} and returns them to the kernel: TPACKET_V3 every frame
     * of the current block (one block at most), TPACKET_V2 the ready frames in ring order up to
     * {@link #FRAME_BATCH}, so a caller under load still gets control back. Returns the number of frames visited;
     * 0 when none was ready. A frame header that points outside its block or slot is skipped (and the slot
     * returned); it never throws on ring contents.
     */
    public int read(FrameVisitor visitor) {
        return perFrame ? readFrames(visitor) : readBlock(visitor);
    }

    private int readFrames(FrameVisitor visitor) {
        int visited = 0;
        for (int n = 0; n < FRAME_BATCH; n++) {
            long frame = (long) currentFrame * config.frameSize();
            int status = (int) STATUS.getAcquire(ring, frame + Tpacket2Hdr.STATUS);
            if ((status & PacketSocketOptions.TP_STATUS_USER) == 0) {
                break;
            }
            int length = ring.get(JAVA_INT, frame + Tpacket2Hdr.SNAPLEN);
            long data = frame + (ring.get(JAVA_SHORT, frame + Tpacket2Hdr.MAC) & 0xffff);
            if (length >= 0 && data >= frame + Tpacket2Hdr.SOCKADDR_LL + SockaddrLl.LAYOUT.byteSize()
                    && data + length <= frame + config.frameSize()) {
                int packetType = ring.get(JAVA_BYTE, frame + Tpacket2Hdr.SOCKADDR_LL + SockaddrLl.PKTTYPE) & 0xff;
                int frameIfindex = ring.get(JAVA_INT, frame + Tpacket2Hdr.SOCKADDR_LL + SockaddrLl.IFINDEX);
                visitor.onFrame(ring, data, length, packetType, frameIfindex, status);
                visited++;
            }
            STATUS.setRelease(ring, frame + Tpacket2Hdr.STATUS, PacketSocketOptions.TP_STATUS_KERNEL);
            currentFrame = currentFrame + 1 == rxFrames ? 0 : currentFrame + 1;
        }
        return visited;
    }

    private int readBlock(FrameVisitor visitor) {
        if (!ready()) {
            return 0;
        }
        long block = (long) currentBlock * config.blockSize();
        long blockEnd = block + config.blockSize();
        int count = ring.get(JAVA_INT, block + TpacketBlockDesc.NUM_PKTS);
        long frame = block + Integer.toUnsignedLong(ring.get(JAVA_INT, block + TpacketBlockDesc.OFFSET_TO_FIRST_PKT));
        int visited = 0;
        while (visited < count && frame + Tpacket3Hdr.SOCKADDR_LL + SockaddrLl.LAYOUT.byteSize() <= blockEnd) {
            int length = ring.get(JAVA_INT, frame + Tpacket3Hdr.SNAPLEN);
            long data = frame + (ring.get(JAVA_SHORT, frame + Tpacket3Hdr.MAC) & 0xffff);
            if (length < 0 || data + length > blockEnd) {
                break;
            }
            int packetType = ring.get(JAVA_BYTE, frame + Tpacket3Hdr.SOCKADDR_LL + SockaddrLl.PKTTYPE) & 0xff;
            int frameIfindex = ring.get(JAVA_INT, frame + Tpacket3Hdr.SOCKADDR_LL + SockaddrLl.IFINDEX);
            int status = ring.get(JAVA_INT, frame + Tpacket3Hdr.STATUS);
            visitor.onFrame(ring, data, length, packetType, frameIfindex, status);
            visited++;
            frame += Integer.toUnsignedLong(ring.get(JAVA_INT, frame + Tpacket3Hdr.NEXT_OFFSET));
        }
        STATUS.setRelease(ring, block + TpacketBlockDesc.BLOCK_STATUS, PacketSocketOptions.TP_STATUS_KERNEL);
        currentBlock = (currentBlock + 1) % config.blockCount();
        return visited;
    }

    /**
     * Sends one Ethernet frame (header included, {@code frame} a native segment) out of this interface with
     * sendto(2); the sockaddr_ll takes its protocol and destination from the frame. Returns false when the socket
     * buffer is full (EAGAIN).
     */
    public boolean send(MemorySegment frame) throws LinuxException {
        if (frame.byteSize() < ETHER_HEADER_LENGTH) {
            throw new IllegalArgumentException("frame of " + frame.byteSize() + " bytes, expected at least "
                    + ETHER_HEADER_LENGTH + " (an Ethernet header)");
        }
        SockaddrLl.write(destination, frame.get(NetworkOrder.U16, ETHER_TYPE_OFFSET) & 0xffff, ifindex);
        SockaddrLl.setEthernetAddress(destination, frame, 0);
        return Libc.sendto(fd, frame, frame.byteSize(), 0, destination, context) >= 0;
    }

    /**
     * Sends {@code length} bytes of native memory at {@code offset} of {@code frame} (an Ethernet frame) with
     * sendto(2) and MSG_DONTWAIT through a preallocated sockaddr_ll: the packet path's per-frame send. Never
     * allocates and never throws for the frame: returns the bytes sent or {@code -errno} (EAGAIN when the socket
     * buffer is full).
     */
    public long sendFrame(MemorySegment frame, long offset, int length) {
        destination.set(NetworkOrder.U16, SockaddrLl.PROTOCOL, frame.get(NetworkOrder.U16, offset + ETHER_TYPE_OFFSET));
        return Libc.sendtoAddress(fd, frame.address() + offset, length, SocketOptions.MSG_DONTWAIT, destination);
    }

    /** Frame slots in the TX ring; 0 without one. */
    public int transmitSlots() {
        return txFrames;
    }

    /** The largest frame a TX slot holds: the frame size less the 48 (V3) or 32 (V2) bytes before the data. */
    public int maxTransmitLength() {
        return config.frameSize() - txDataOffset;
    }

    /**
     * Copies a frame into the next free TX ring slot and marks it SEND_REQUEST (release); it leaves at the next
     * {@link #kick}. Returns false when there is no TX ring, the slot is still owned by the kernel (the ring is
     * full) or the frame does not fit a slot. Never allocates.
     */
    public boolean enqueue(MemorySegment source, long offset, int length) {
        if (txFrames == 0 || length <= 0 || length > maxTransmitLength()) {
            return false;
        }
        long slot = txBase + (long) txHead * config.frameSize();
        int status = (int) STATUS.getAcquire(ring, slot + txStatus);
        if ((status & (PacketSocketOptions.TP_STATUS_SEND_REQUEST | PacketSocketOptions.TP_STATUS_SENDING)) != 0) {
            return false;
        }
        MemorySegment.copy(source, offset, ring, slot + txDataOffset, length);
        if (!perFrame) {
            ring.set(JAVA_INT, slot + Tpacket3Hdr.NEXT_OFFSET, 0);
        }
        ring.set(JAVA_INT, slot + txSnaplen, length);
        ring.set(JAVA_INT, slot + txLen, length);
        STATUS.setRelease(ring, slot + txStatus, PacketSocketOptions.TP_STATUS_SEND_REQUEST);
        txHead = txHead + 1 == txFrames ? 0 : txHead + 1;
        txQueued++;
        return true;
    }

    /**
     * Asks the kernel to send every SEND_REQUEST slot: one {@code sendto(fd, NULL, 0, MSG_DONTWAIT)}, only when
     * something was queued since the last successful kick. Returns the bytes the kernel reports sent, 0 when nothing
     * was queued, or {@code -errno}. A kick the kernel refuses leaves slots in SEND_REQUEST: all of them on ENETDOWN
     * or EAGAIN, and on ENOBUFS (the device dropped a frame: a veth whose peer's ring is full) the dropped frame,
     * which tpacket_snd puts back, and those after it. They stay {@link #transmitPending pending}, and the next kick
     * sends them. Never throws.
     */
    public long kick() {
        if (txQueued == 0) {
            return 0;
        }
        long sent = Libc.sendtoAddress(fd, 0L, 0L, SocketOptions.MSG_DONTWAIT, MemorySegment.NULL);
        if (sent >= 0) {
            txQueued = 0;
        }
        return sent;
    }

    /** Whether frames {@link #enqueue}d since the last successful {@link #kick} may still wait in the TX ring. */
    public boolean transmitPending() {
        return txQueued > 0;
    }

    /** PACKET_STATISTICS since the last read (the kernel resets the counters on read). */
    public RingStatistics statistics() throws LinuxException {
        try {
            Libc.getsockopt(fd, SOL_PACKET, PacketSocketOptions.PACKET_STATISTICS, statistics, "PACKET_STATISTICS");
        } catch (LinuxException e) {
            throw e.withContext(context);
        }
        return new RingStatistics(
                Integer.toUnsignedLong(statistics.get(JAVA_INT, TpacketStatsV3.PACKETS)),
                Integer.toUnsignedLong(statistics.get(JAVA_INT, TpacketStatsV3.DROPS)),
                Integer.toUnsignedLong(statistics.get(JAVA_INT, TpacketStatsV3.FREEZE_Q_CNT)));
    }

    /** The interface's hardware address (ioctl SIOCGIFHWADDR). */
    public MacAddress hardwareAddress() throws LinuxException {
        try (Arena local = Arena.ofConfined()) {
            MemorySegment request = local.allocate(IfReq.LAYOUT);
            IfReq.writeName(request, interfaceName);
            Libc.ioctl(fd, IfReq.SIOCGIFHWADDR, request, context);
            return MacAddress.read(request, IfReq.HWADDR_DATA);
        }
    }

    /** The socket's file descriptor, for an event loop. */
    public int fd() {
        return fd;
    }

    /** The interface name given at open. */
    public String interfaceName() {
        return interfaceName;
    }

    /** The interface's index. */
    public int ifindex() {
        return ifindex;
    }

    /** The ring geometry. */
    public RingConfig config() {
        return config;
    }

    /** Unmaps the ring and closes the socket; idempotent. The ring segment is invalid afterwards. */
    @Override
    public void close() throws LinuxException {
        if (closed) {
            return;
        }
        closed = true;
        arena.close();
        try {
            Libc.munmap(mapping);
        } catch (LinuxException e) {
            release(fd, null); // the descriptor is closed even when the unmap failed
            throw e.withContext(context);
        }
        try {
            Libc.close(fd);
        } catch (LinuxException e) {
            throw e.withContext(context);
        }
    }

    @Override
    public String toString() {
        return "PacketRing[fd " + fd + ", " + context + "]";
    }
}
