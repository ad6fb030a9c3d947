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
 * An AF_PACKET socket on one interface with a TPACKET_V3 receive ring mapped into a {@link MemorySegment}, and
 * transmission by sendto(2) with a sockaddr_ll.
 *
 * <p>Setup order (ffm-feasibility Q3): socket with protocol 0 (nothing is queued before bind), PACKET_VERSION =
 * TPACKET_V3, PACKET_IGNORE_OUTGOING, PACKET_QDISC_BYPASS, PACKET_RX_RING, mmap, then bind to ETH_P_ALL on the
 * interface. An ETH_P_ALL tap sees frames before tc and nftables ingress, so frames that {@link NftSteering}
 * drops still reach the ring.
 *
 * <p>Reading: {@link #readBlock} hands at most one block to a {@link FrameVisitor} per call and gives it back to
 * the kernel; the block status word is read with acquire and written with release semantics.
 *
 * <p>Thread safety: one owner thread (the port's worker). The socket belongs to the network namespace of the
 * thread that opened it.
 */
public final class PacketRing implements AutoCloseable {

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
    private int currentBlock;
    private boolean closed;

    private PacketRing(int fd, String interfaceName, int ifindex, RingConfig config, String context, MemorySegment mapping) {
        this.fd = fd;
        this.interfaceName = interfaceName;
        this.ifindex = ifindex;
        this.config = config;
        this.context = context;
        this.mapping = mapping;
        this.ring = mapping.reinterpret(arena, null);
        this.destination = arena.allocate(SockaddrLl.LAYOUT);
        this.pollFd = arena.allocate(PollFd.LAYOUT);
        this.statistics = arena.allocate(TpacketStatsV3.LAYOUT);
    }

    /** Opens the ring on {@code interfaceName} (in the calling thread's network namespace). */
    public static PacketRing open(String interfaceName, RingConfig config) throws LinuxException {
        String context = "interface " + interfaceName + ", AF_PACKET ring " + config.blockCount() + " x "
                + config.blockSize() + " bytes";
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
            Libc.setsockopt(fd, SOL_PACKET, PacketSocketOptions.PACKET_VERSION, PacketSocketOptions.TPACKET_V3, "PACKET_VERSION");
            if (config.ignoreOutgoing()) {
                Libc.setsockopt(fd, SOL_PACKET, PacketSocketOptions.PACKET_IGNORE_OUTGOING, 1, "PACKET_IGNORE_OUTGOING");
            }
            if (config.qdiscBypass()) {
                Libc.setsockopt(fd, SOL_PACKET, PacketSocketOptions.PACKET_QDISC_BYPASS, 1, "PACKET_QDISC_BYPASS");
            }
            MemorySegment request = local.allocate(TpacketReq3.LAYOUT);
            TpacketReq3.writeRx(request, config.blockSize(), config.blockCount(), config.frameSize(),
                    config.retireBlockTimeoutMillis());
            Libc.setsockopt(fd, SOL_PACKET, PacketSocketOptions.PACKET_RX_RING, request, "PACKET_RX_RING");
            mapping = Libc.mmap(config.ringBytes(), PacketSocketOptions.PROT_READ_WRITE,
                    PacketSocketOptions.MAP_SHARED | PacketSocketOptions.MAP_POPULATE, fd, 0);
            MemorySegment address = local.allocate(SockaddrLl.LAYOUT);
            SockaddrLl.write(address, PacketSocketOptions.ETH_P_ALL, ifindex);
            Libc.bind(fd, address, "ETH_P_ALL, ifindex " + ifindex);
            return new PacketRing(fd, interfaceName, ifindex, config, context, mapping);
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

    /** Waits up to {@code timeoutMillis} for the socket to become readable (a block is ready, or an error). */
    public boolean poll(int timeoutMillis) throws LinuxException {
        PollFd.write(pollFd, fd, (short) (PollFd.POLLIN | PollFd.POLLERR));
        try {
            return Libc.poll(pollFd, 1, timeoutMillis) > 0;
        } catch (LinuxException e) {
            throw e.withContext(context);
        }
    }

    /** Whether the current block has been handed to user space; does not block. */
    public boolean blockReady() {
        long block = (long) currentBlock * config.blockSize();
        int status = (int) STATUS.getAcquire(ring, block + TpacketBlockDesc.BLOCK_STATUS);
        return (status & PacketSocketOptions.TP_STATUS_USER) != 0;
    }

    /**
     * Hands every frame of the current block to {@code visitor}, returns the block to the kernel and moves on to
     * the next one. Handles one block at most, so a caller under load still gets control back. Returns the number
     * of frames visited; 0 when no block was ready. A frame header that points outside its block ends the walk
     * (the block is still returned); it never throws on ring contents.
     */
    public int readBlock(FrameVisitor visitor) {
        if (!blockReady()) {
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
            visitor.onFrame(ring, data, length, packetType, frameIfindex);
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
