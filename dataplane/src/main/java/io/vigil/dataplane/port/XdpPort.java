package io.vigil.dataplane.port;

import io.vigil.dataplane.api.PortStats;
import io.vigil.dataplane.linux.Errno;
import io.vigil.dataplane.linux.LinuxException;
import io.vigil.dataplane.linux.PollSet;
import io.vigil.dataplane.linux.Rtnetlink;
import io.vigil.dataplane.linux.SteeringEntry;
import io.vigil.dataplane.linux.XdpAttachment;
import io.vigil.dataplane.linux.XdpMode;
import io.vigil.dataplane.linux.XdpSocket;
import io.vigil.dataplane.linux.XdpStatistics;
import io.vigil.dataplane.linux.netlink.Link;
import io.vigil.dataplane.linux.netlink.LinkLayerAddress;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A {@link PacketPort} over AF_XDP sockets, one per receive queue of the device ({@link XdpQueue}), and Vigil's XDP
 * program ({@link XdpAttachment}): the program redirects only the owned flows ({@link #steer}) into the socket of
 * the queue they arrived on and passes everything else to the kernel, so no nftables steering is needed.
 * {@link #receive} hands over up to {@link #BATCH} frames, from the queues in turn, and lends their frames back to
 * the kernel at once; {@link #transmit} copies a frame into a free UMEM frame of the first queue's socket;
 * {@link #flush} publishes its TX ring and kicks once (copy mode always needs the kick). Received frames are
 * flagged {@link FrameHandler#CHECKSUM_PENDING}: XDP does not say whether a veth peer left a partial checksum, so
 * frames leave with their transport checksum computed in full. Nothing on the packet path allocates or throws.
 *
 * <p>Thread safety: {@link #receive}, {@link #transmit}, {@link #flush} and {@link #awaitFrames} on the owning
 * worker thread only; {@link #steer} on one control thread; {@link #stats()} from any thread; {@link #close()} once
 * the worker has stopped. Sockets, program and maps belong to the network namespace of the thread that opened them.
 */
public final class XdpPort implements PacketPort {

    /** The backend name in {@link PortStats}. */
    public static final String BACKEND = "xdp";
    /** The most frames one {@link #receive} hands over. */
    public static final int BATCH = 64;

    private final String device;
    private final int ifIndex;
    private final long macAddress;
    private final int mtu;
    private final XdpQueue[] queues;
    private final XdpQueue transmitQueue;
    private final XdpAttachment attachment;
    private int nextQueue;
    /** Every queue's socket, for {@link #awaitFrames} with more than one queue; made on first use. */
    private PollSet pollSet;
    private volatile long received;
    private volatile long transmitted;
    private volatile long transmitFailures;
    private XdpStatistics lastStatistics = new XdpStatistics(0, 0, 0, 0, 0, 0);
    private boolean closed;

    private XdpPort(Link link, XdpQueue[] queues, XdpAttachment attachment) {
        this.device = link.name();
        this.ifIndex = link.index();
        this.macAddress = link.address().map(LinkLayerAddress::asLong).orElse(0L);
        this.mtu = link.mtu();
        this.queues = queues;
        this.transmitQueue = queues[0];
        this.attachment = attachment;
    }

    /**
     * Opens the port on {@code device} in the calling thread's network namespace: one socket per receive queue (as
     * many as the device has, starting at {@link XdpConfig#queue}), then the program (replacing a stale Vigil
     * program), with an empty steering map.
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
        List<XdpQueue> queues = new ArrayList<>();
        try {
            for (int q = config.queue(); q < Math.max(config.queue() + 1, link.rxQueues()); q++) {
                XdpSocket socket;
                try {
                    socket = XdpSocket.open(device, link.index(), q, config.frameCount(), config.frameSize(),
                            config.ringSize());
                } catch (LinuxException e) {
                    if (q > config.queue() && e.errno() == Errno.EINVAL) {
                        break; // fewer queues in use than the device has allocated
                    }
                    throw e;
                }
                if (config.busyPoll()) {
                    try {
                        socket.preferBusyPoll(XdpConfig.BUSY_POLL_MICROS, XdpConfig.BUSY_POLL_BUDGET);
                    } catch (LinuxException e) {
                        socket.close();
                        throw e;
                    }
                }
                queues.add(new XdpQueue(socket, config.frameCount(), config.frameSize(), config.busyPoll()));
            }
            int[] fds = new int[config.queue() + queues.size()];
            Arrays.fill(fds, -1);
            for (int i = 0; i < queues.size(); i++) {
                fds[config.queue() + i] = queues.get(i).fd();
            }
            XdpAttachment attachment = XdpAttachment.open(device, link.index(), fds, config.mode());
            return new XdpPort(link, queues.toArray(new XdpQueue[0]), attachment);
        } catch (LinuxException | RuntimeException e) {
            for (XdpQueue q : queues) {
                try {
                    q.close();
                } catch (LinuxException ignored) {
                    // the first error is the one to report
                }
            }
            throw e;
        }
    }

    @Override
    public int receive(FrameHandler handler) {
        int total = 0;
        for (int i = 0; i < queues.length && total < BATCH; i++) {
            XdpQueue q = queues[nextQueue];
            nextQueue = nextQueue + 1 == queues.length ? 0 : nextQueue + 1;
            total += q.receive(handler, BATCH - total);
        }
        if (total > 0) {
            received += total;
        }
        return total;
    }

    @Override
    public boolean transmit(MemorySegment memory, long offset, int length) {
        if (!transmitQueue.transmit(memory, offset, length)) {
            transmitFailures++;
            return false;
        }
        return true;
    }

    @Override
    public int flush() {
        int published = transmitQueue.flush();
        if (published > 0) {
            transmitted += published;
        }
        return published;
    }

    @Override
    public void awaitFrames(int timeoutMillis) {
        if (!readyToBlock()) {
            return;
        }
        try {
            if (queues.length == 1) {
                queues[0].poll(timeoutMillis);
            } else {
                pollSet().await(timeoutMillis);
            }
        } catch (LinuxException e) {
            throw new IllegalStateException("poll on " + this + " failed", e);
        }
    }

    @Override
    public int[] pollDescriptors() {
        int[] fds = new int[queues.length];
        for (int i = 0; i < queues.length; i++) {
            fds[i] = queues[i].fd();
        }
        return fds;
    }

    @Override
    public boolean readyToBlock() {
        for (XdpQueue q : queues) {
            if (q.ready()) {
                return false;
            }
        }
        if (transmitQueue.inFlight() > 0) {
            flush(); // frames a kick left behind (budget, EAGAIN) go out before the worker sleeps
        }
        return true;
    }

    private PollSet pollSet() {
        if (pollSet == null) {
            pollSet = new PollSet(pollDescriptors());
        }
        return pollSet;
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

    /** Whether the sockets run zero-copy (false: copy mode, as on veth). */
    public boolean zeroCopy() {
        return transmitQueue.zeroCopy();
    }

    /**
     * The NAPI id the first queue's socket busy-polls (SO_INCOMING_NAPI_ID), 0 when the kernel gave it none (then
     * busy polling does nothing: a veth on Linux 6.13+, for one).
     */
    public int busyPollNapiId() throws LinuxException {
        return transmitQueue.napiId();
    }

    /** The receive queues served, each with its own socket. */
    public int queueCount() {
        return queues.length;
    }

    /** The kernel's XDP_STATISTICS summed over the queues (the last ones read once the port is closed). */
    public synchronized XdpStatistics xdpStatistics() {
        if (!closed) {
            long[] sum = new long[6];
            try {
                for (XdpQueue q : queues) {
                    XdpStatistics s = q.statistics();
                    sum[0] += s.rxDropped();
                    sum[1] += s.rxInvalidDescs();
                    sum[2] += s.txInvalidDescs();
                    sum[3] += s.rxRingFull();
                    sum[4] += s.rxFillRingEmpty();
                    sum[5] += s.txRingEmpty();
                }
                lastStatistics = new XdpStatistics(sum[0], sum[1], sum[2], sum[3], sum[4], sum[5]);
            } catch (LinuxException e) {
                // a socket is going away: report the last ones read
            }
        }
        return lastStatistics;
    }

    /** Frames {@link #transmit} could not queue (no free frame, TX ring full, too long), failed kicks and busy polls. */
    public long transmitFailures() {
        long kicks = 0;
        for (XdpQueue q : queues) {
            kicks += q.kickFailures + q.busyPollFailures;
        }
        return transmitFailures + kicks;
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

    /** Detaches the program, frees program and maps, then unmaps and closes the sockets. Idempotent. */
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
            for (XdpQueue q : queues) {
                q.close();
            }
        } catch (LinuxException e) {
            throw new IllegalStateException("closing " + this + " failed", e);
        }
    }

    @Override
    public String toString() {
        return "XdpPort[" + device + ", " + attachment.mode() + ", " + queues.length + " queue(s), "
                + (zeroCopy() ? "zero-copy" : "copy") + "]";
    }
}
