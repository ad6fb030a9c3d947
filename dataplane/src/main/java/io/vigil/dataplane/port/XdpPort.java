package io.vigil.dataplane.port;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.vigil.dataplane.api.PortStats;
import io.vigil.dataplane.linux.Errno;
import io.vigil.dataplane.linux.LinuxException;
import io.vigil.dataplane.linux.Rtnetlink;
import io.vigil.dataplane.linux.SteeringEntry;
import io.vigil.dataplane.linux.XdpAttachment;
import io.vigil.dataplane.linux.XdpMode;
import io.vigil.dataplane.linux.XdpSocket;
import io.vigil.dataplane.linux.XdpStatistics;
import io.vigil.dataplane.linux.XskRing;
import io.vigil.dataplane.linux.netlink.Link;
import io.vigil.dataplane.linux.netlink.LinkLayerAddress;
import java.lang.foreign.MemorySegment;
import java.util.Set;

/**
 * A {@link PacketPort} over an AF_XDP socket ({@link XdpSocket}) and Vigil's XDP program on the device
 * ({@link XdpAttachment}): the program redirects only the owned flows ({@link #steer}) into the socket and passes
 * everything else to the kernel, so no nftables steering is needed. The UMEM's first half of frames circulates
 * through the fill and RX rings; the second half is a stack of free transmit frames that the completion ring
 * refills. {@link #receive} hands over up to {@link #BATCH} frames and returns their frames to the fill ring at
 * once; {@link #transmit} copies a frame into a free transmit frame and claims a TX slot; {@link #flush} publishes
 * the TX ring and kicks once (copy mode always needs the kick). Received frames are flagged
 * {@link FrameHandler#CHECKSUM_PENDING}: XDP does not say whether a veth peer left a partial checksum, so frames
 * leave with their transport checksum computed in full. Nothing on the packet path allocates or throws.
 *
 * <p>Thread safety: {@link #receive}, {@link #transmit}, {@link #flush} and {@link #awaitFrames} on the owning
 * worker thread only; {@link #steer} on one control thread; {@link #stats()} from any thread; {@link #close()} once
 * the worker has stopped. Socket, program and maps belong to the network namespace of the thread that opened them.
 */
public final class XdpPort implements PacketPort {

    /** The backend name in {@link PortStats}. */
    public static final String BACKEND = "xdp";
    /** The most frames one {@link #receive} hands over. */
    public static final int BATCH = 64;
    /** ETH_ZLEN, linux/if_ether.h. */
    private static final int MINIMUM_FRAME = 60;
    /** PACKET_HOST, linux/if_packet.h: the program steers only frames addressed to this host's flows. */
    private static final int PACKET_HOST = 0;

    private final String device;
    private final int ifIndex;
    private final long macAddress;
    private final int mtu;
    private final XdpConfig config;
    private final XdpSocket socket;
    private final XdpAttachment attachment;
    private final MemorySegment umem;
    private final XskRing fill;
    private final XskRing completion;
    private final XskRing rx;
    private final XskRing tx;
    private final MemorySegment fillMemory;
    private final MemorySegment completionMemory;
    private final MemorySegment rxMemory;
    private final MemorySegment txMemory;
    private final long frameMask;
    /** Free transmit frames (UMEM addresses), a stack. */
    private final long[] freeFrames;
    private int freeCount;
    /** Frames handed to the TX ring and not yet completed. */
    private int inFlight;
    private volatile long received;
    private volatile long transmitted;
    private volatile long transmitFailures;
    private volatile long kickFailures;
    private XdpStatistics lastStatistics = new XdpStatistics(0, 0, 0, 0, 0, 0);
    private boolean closed;

    private XdpPort(Link link, XdpConfig config, XdpSocket socket, XdpAttachment attachment) {
        this.device = link.name();
        this.ifIndex = link.index();
        this.macAddress = link.address().map(LinkLayerAddress::asLong).orElse(0L);
        this.mtu = link.mtu();
        this.config = config;
        this.socket = socket;
        this.attachment = attachment;
        this.umem = socket.umem();
        this.fill = socket.fill();
        this.completion = socket.completion();
        this.rx = socket.rx();
        this.tx = socket.tx();
        this.fillMemory = fill.memory();
        this.completionMemory = completion.memory();
        this.rxMemory = rx.memory();
        this.txMemory = tx.memory();
        this.frameMask = ~((long) config.frameSize() - 1);
        int half = config.frameCount() / 2;
        this.freeFrames = new long[config.frameCount() - half];
        for (int i = 0; i < freeFrames.length; i++) {
            freeFrames[i] = (long) (half + i) * config.frameSize();
        }
        this.freeCount = freeFrames.length;
        for (int i = 0; i < half; i++) {
            long slot = fill.claim();
            fillMemory.set(JAVA_LONG, slot, (long) i * config.frameSize());
        }
        fill.publish();
    }

    /**
     * Opens the port on {@code device} in the calling thread's network namespace: the socket, then the program
     * (replacing a stale Vigil program), with an empty steering map.
     *
     * @throws LinuxException naming the device and the step that failed (no AF_XDP, no BPF, MTU too large, ...)
     */
    public static XdpPort open(String device, XdpConfig config) throws LinuxException {
        Link link;
        try (Rtnetlink rtnetlink = Rtnetlink.open()) {
            link = rtnetlink.link(device).orElseThrow(() ->
                    new LinuxException("RTM_GETLINK", Errno.ENODEV, "interface " + device));
        }
        if (link.mtu() + 14 + 256 > config.frameSize()) {
            throw new LinuxException("open XDP port", Errno.ERANGE, device + " has MTU " + link.mtu()
                    + ", more than a " + config.frameSize() + "-byte UMEM frame holds with XDP's headroom");
        }
        XdpSocket socket = XdpSocket.open(device, link.index(), config.queue(), config.frameCount(),
                config.frameSize(), config.ringSize());
        try {
            XdpAttachment attachment = XdpAttachment.open(device, link.index(), config.queue(), socket.fd(),
                    config.mode());
            return new XdpPort(link, config, socket, attachment);
        } catch (LinuxException | RuntimeException e) {
            try {
                socket.close();
            } catch (LinuxException ignored) {
                // the first error is the one to report
            }
            throw e;
        }
    }

    @Override
    public int receive(FrameHandler handler) {
        int n = rx.available(BATCH);
        if (n == 0) {
            return 0;
        }
        for (int i = 0; i < n; i++) {
            long desc = rx.readyEntry(i);
            long address = rxMemory.get(JAVA_LONG, desc);
            int length = rxMemory.get(JAVA_INT, desc + 8);
            handler.onFrame(umem, address, length, PACKET_HOST, FrameHandler.CHECKSUM_PENDING);
            long slot = fill.claim(); // never -1: the fill ring holds every receive frame
            fillMemory.set(JAVA_LONG, slot, address & frameMask);
        }
        rx.release(n);
        fill.publish();
        received += n;
        if (fill.needsWakeup()) {
            try {
                socket.poll(0); // zero-copy drivers ask for a wakeup to take new fill entries
            } catch (LinuxException e) {
                kickFailures++;
            }
        }
        return n;
    }

    @Override
    public boolean transmit(MemorySegment memory, long offset, int length) {
        if (length <= 0 || length > config.frameSize() || offset < 0 || offset + length > memory.byteSize()) {
            transmitFailures++;
            return false;
        }
        if (freeCount == 0) {
            reclaim();
            if (freeCount == 0) {
                transmitFailures++;
                return false;
            }
        }
        long slot = tx.claim();
        if (slot < 0) {
            transmitFailures++;
            return false;
        }
        long frame = freeFrames[--freeCount];
        MemorySegment.copy(memory, offset, umem, frame, length);
        int sent = length;
        if (length < MINIMUM_FRAME) {
            umem.asSlice(frame + length, MINIMUM_FRAME - length).fill((byte) 0);
            sent = MINIMUM_FRAME;
        }
        txMemory.set(JAVA_LONG, slot, frame);
        txMemory.set(JAVA_INT, slot + 8, sent);
        txMemory.set(JAVA_INT, slot + 12, 0);
        inFlight++;
        return true;
    }

    @Override
    public void flush() {
        int queued = tx.unpublished();
        if (queued > 0) {
            tx.publish();
            transmitted += queued;
        }
        if (inFlight > 0) {
            long rc = socket.kick();
            if (rc < 0 && rc != -Errno.EAGAIN && rc != -Errno.EBUSY && rc != -Errno.ENOBUFS) {
                kickFailures++;
            }
            reclaim();
        }
    }

    /** Takes completed transmit frames back onto the free stack. */
    private void reclaim() {
        int done = completion.available(freeFrames.length);
        for (int i = 0; i < done; i++) {
            freeFrames[freeCount++] = completionMemory.get(JAVA_LONG, completion.readyEntry(i)) & frameMask;
        }
        if (done > 0) {
            completion.release(done);
            inFlight -= done;
        }
    }

    @Override
    public void awaitFrames(int timeoutMillis) {
        if (rx.available(1) > 0) {
            return;
        }
        if (inFlight > 0) {
            flush(); // frames a kick left behind (EAGAIN) go out before the worker sleeps
        }
        try {
            socket.poll(timeoutMillis);
        } catch (LinuxException e) {
            throw new IllegalStateException("poll on " + socket + " failed", e);
        }
    }

    /** Makes the program redirect exactly these flows (and leave these local addresses to the kernel). */
    public void steer(Set<SteeringEntry> entries) throws LinuxException {
        attachment.steer(entries);
    }

    /** The program and its maps. */
    public XdpAttachment attachment() {
        return attachment;
    }

    /** Where the program runs. */
    public XdpMode mode() {
        return attachment.mode();
    }

    /** Whether the socket runs zero-copy (false: copy mode, as on veth). */
    public boolean zeroCopy() {
        return socket.zeroCopy();
    }

    /** The kernel's XDP_STATISTICS (the last ones read once the port is closed). */
    public synchronized XdpStatistics xdpStatistics() {
        if (!closed) {
            try {
                lastStatistics = socket.statistics();
            } catch (LinuxException e) {
                // the socket is going away: report the last ones read
            }
        }
        return lastStatistics;
    }

    /** Frames {@link #transmit} could not queue (no free frame, TX ring full, too long) and failed kicks. */
    public long transmitFailures() {
        return transmitFailures + kickFailures;
    }

    @Override
    public PortStats stats() {
        XdpStatistics s = xdpStatistics();
        return new PortStats(device, BACKEND, received, transmitted, s.rxDropped() + s.rxRingFull(), 0);
    }

    @Override
    public String device() {
        return device;
    }

    @Override
    public int ifIndex() {
        return ifIndex;
    }

    @Override
    public long macAddress() {
        return macAddress;
    }

    @Override
    public int mtu() {
        return mtu;
    }

    /** Detaches the program, frees program and maps, then unmaps and closes the socket. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            xdpStatistics();
            closed = true;
        }
        try {
            attachment.close();
            socket.close();
        } catch (LinuxException e) {
            throw new IllegalStateException("closing " + this + " failed", e);
        }
    }

    @Override
    public String toString() {
        return "XdpPort[" + device + ", " + attachment.mode() + ", " + (socket.zeroCopy() ? "zero-copy" : "copy") + "]";
    }
}
