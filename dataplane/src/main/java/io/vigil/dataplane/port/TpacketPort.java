package io.vigil.dataplane.port;

import io.vigil.dataplane.api.PortStats;
import io.vigil.dataplane.linux.ClassicBpf;
import io.vigil.dataplane.linux.Errno;
import io.vigil.dataplane.linux.FrameVisitor;
import io.vigil.dataplane.linux.LinuxException;
import io.vigil.dataplane.linux.PacketRing;
import io.vigil.dataplane.linux.PacketSocketOptions;
import io.vigil.dataplane.linux.RingStatistics;
import io.vigil.dataplane.linux.Rtnetlink;
import io.vigil.dataplane.linux.netlink.Link;
import io.vigil.dataplane.linux.netlink.LinkLayerAddress;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A {@link PacketPort} over an AF_PACKET socket (packet(7)) with a TPACKET_V2 or TPACKET_V3 receive ring
 * ({@link TpacketConfig#ringVersion}) and, in {@link TransmitMode#TX_RING}, a PACKET_TX_RING of the same version:
 * socket with protocol 0, then bound to ETH_P_ALL on the device; PACKET_IGNORE_OUTGOING and PACKET_QDISC_BYPASS (see
 * {@link PacketRing}). {@link #receive} hands over one block (V3) or up to {@link PacketRing#FRAME_BATCH} frames
 * (V2) per call; {@link #transmit} copies into a TX slot (or sends at once with {@link TransmitMode#SENDTO});
 * {@link #flush} kicks the TX ring once. None of them allocates or throws on frame contents: failures are counted.
 *
 * <p>Thread safety: {@link #receive}, {@link #transmit}, {@link #flush} and {@link #awaitFrames} on the owning
 * worker thread only; {@link #stats()} from any thread (the kernel's PACKET_STATISTICS resets on read, so this port
 * accumulates them under a lock); {@link #close()} once the worker has stopped. The socket stays in the network
 * namespace of the thread that called {@link #open}.
 */
public final class TpacketPort implements PacketPort, FrameVisitor {

    /** ETH_ZLEN, linux/if_ether.h: the shortest Ethernet frame without its FCS. */
    private static final int MINIMUM_FRAME = 60;

    /** The backend name in {@link PortStats}. */
    public static final String BACKEND = "tpacket";

    private final PacketRing ring;
    private final TransmitMode mode;
    private final long macAddress;
    private final int mtu;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment staging;
    private FrameHandler handler;
    private long transmittedSinceFlush;
    private volatile long received;
    private volatile long transmitted;
    private volatile long transmitFailures;
    private volatile long ignored;
    private long ringPackets;
    private long ringDrops;
    private long ringFreezes;
    private boolean closed;

    private TpacketPort(PacketRing ring, TransmitMode mode, long macAddress, int mtu) {
        this.ring = ring;
        this.mode = mode;
        this.macAddress = macAddress;
        this.mtu = mtu;
        this.staging = arena.allocate(ring.config().frameSize(), 64);
    }

    /**
     * Opens the port on {@code device} in the calling thread's network namespace.
     *
     * @throws LinuxException naming the device and the call that failed (no such device, no CAP_NET_RAW, ...)
     */
    public static TpacketPort open(String device, TpacketConfig config) throws LinuxException {
        Link link;
        try (Rtnetlink rtnetlink = Rtnetlink.open()) {
            link = rtnetlink.link(device).orElseThrow(() ->
                    new LinuxException("RTM_GETLINK", Errno.ENODEV, "interface " + device));
        }
        long mac = link.address().map(LinkLayerAddress::asLong).orElse(0L);
        int txBlocks = config.transmitMode() == TransmitMode.TX_RING ? config.txBlockCount() : 0;
        PacketRing ring = PacketRing.open(device, config.ringConfig(), txBlocks);
        return new TpacketPort(ring, config.transmitMode(), mac, link.mtu());
    }

    @Override
    public int receive(FrameHandler frameHandler) {
        handler = frameHandler;
        int frames = ring.read(this);
        handler = null;
        if (frames > 0) {
            received += frames;
        }
        return frames;
    }

    /** The ring's per-frame callback; hands the frame to the handler of the current {@link #receive}. */
    @Override
    public void onFrame(MemorySegment memory, long offset, int length, int packetType, int ifindex, int status) {
        handler.onFrame(memory, offset, length, packetType,
                (status & PacketSocketOptions.TP_STATUS_CSUMNOTREADY) != 0 ? FrameHandler.CHECKSUM_PENDING : 0);
    }

    @Override
    public boolean transmit(MemorySegment memory, long offset, int length) {
        if (length <= 0 || length > ring.maxTransmitLength() || offset < 0 || offset + length > memory.byteSize()) {
            transmitFailures++;
            return false;
        }
        if (length < MINIMUM_FRAME) {
            // Short frames (a small UDP datagram, 42 to 59 octets) are padded to Ethernet's minimum, as a NIC
            // would: sent as they are through the rings they were lost on veth. The IP length tells the receiver
            // where the packet ends.
            MemorySegment.copy(memory, offset, staging, 0, length);
            for (int i = length; i < MINIMUM_FRAME; i++) {
                staging.set(ValueLayout.JAVA_BYTE, i, (byte) 0); // no slice: asSlice allocates until the JIT removes it
            }
            memory = staging;
            offset = 0;
            length = MINIMUM_FRAME;
        }
        if (mode == TransmitMode.TX_RING) {
            if (!ring.enqueue(memory, offset, length)) {
                ring.kick(); // the ring is full: let the kernel drain it, then retry once
                if (!ring.enqueue(memory, offset, length)) {
                    transmitFailures++;
                    return false;
                }
            }
            transmittedSinceFlush++;
            return true;
        }
        MemorySegment from = memory;
        long at = offset;
        if (!memory.isNative()) {
            MemorySegment.copy(memory, offset, staging, 0, length);
            from = staging;
            at = 0;
        }
        if (ring.sendFrame(from, at, length) < 0) {
            transmitFailures++;
            return false;
        }
        transmitted++;
        transmittedSinceFlush++;
        return true;
    }

    @Override
    public int flush() {
        if (mode == TransmitMode.TX_RING) {
            long rc = ring.kick();
            if (rc < 0 && rc != -Errno.EAGAIN) {
                transmitFailures++;
            }
            transmitted += transmittedSinceFlush;
        }
        int sent = (int) transmittedSinceFlush;
        transmittedSinceFlush = 0;
        return sent;
    }

    @Override
    public void awaitFrames(int timeoutMillis) {
        if (ring.ready()) {
            return;
        }
        try {
            ring.poll(timeoutMillis);
        } catch (LinuxException e) {
            throw new IllegalStateException("poll on " + ring + " failed", e);
        }
    }

    @Override
    public int[] pollDescriptors() {
        return new int[] {ring.fd()};
    }

    @Override
    public boolean readyToBlock() {
        return !ring.ready();
    }

    /**
     * Joins this port's socket to a PACKET_FANOUT_CBPF group on its interface ({@link PacketRing#joinFanout});
     * control thread, before the worker polls it.
     *
     * @param group the group's id, or -1 to create one
     * @return the group's id
     */
    public int joinFanout(int group) throws LinuxException {
        return ring.joinFanout(group);
    }

    /** Replaces the program of this port's fanout group; control thread. */
    public void fanoutProgram(ClassicBpf program) throws LinuxException {
        ring.fanoutProgram(program);
    }

    /** Counts frames the worker read but did not own (they are left to the kernel); worker thread only. */
    public void countIgnored(int frames) {
        ignored += frames;
    }

    /**
     * Whether frames {@link #transmit} queued in the TX ring may not have left yet: the kernel refused the last
     * {@link #flush}'s kick (see {@link PacketRing#kick}); the next flush sends them. Always false in
     * {@link TransmitMode#SENDTO}.
     */
    public boolean transmitPending() {
        return ring.transmitPending();
    }

    /** Frames {@link #transmit} or {@link #flush} could not hand to the kernel (ring full, too long, send error). */
    public long transmitFailures() {
        return transmitFailures;
    }

    /** The transmit mode. */
    public TransmitMode transmitMode() {
        return mode;
    }

    /** The kernel's cumulative PACKET_STATISTICS since open (this port accumulates the resetting reads). */
    public synchronized RingStatistics ringStatistics() {
        if (!closed) {
            try {
                RingStatistics delta = ring.statistics();
                ringPackets += delta.packets();
                ringDrops += delta.drops();
                ringFreezes += delta.freezeQueueCount();
            } catch (LinuxException e) {
                // the socket is going away; report what was accumulated
            }
        }
        return new RingStatistics(ringPackets, ringDrops, ringFreezes);
    }

    @Override
    public PortStats stats() {
        RingStatistics kernel = ringStatistics();
        return new PortStats(device(), BACKEND, received, transmitted, kernel.drops(), ignored);
    }

    @Override
    public String device() {
        return ring.interfaceName();
    }

    @Override
    public int ifIndex() {
        return ring.ifindex();
    }

    @Override
    public long macAddress() {
        return macAddress;
    }

    @Override
    public int mtu() {
        return mtu;
    }

    /** The socket's descriptor, for an event loop that waits on several ports. */
    public int fd() {
        return ring.fd();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            ringStatistics();
            closed = true;
        }
        arena.close();
        try {
            ring.close();
        } catch (LinuxException e) {
            throw new IllegalStateException("closing " + ring + " failed", e);
        }
    }

    @Override
    public String toString() {
        return "TpacketPort[" + device() + ", " + ring.config().version() + ", " + mode + "]";
    }
}
