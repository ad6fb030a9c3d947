package io.vigil.dataplane.port;

import io.vigil.dataplane.api.PortStats;
import io.vigil.dataplane.linux.LinuxException;
import io.vigil.dataplane.linux.PollSet;
import io.vigil.dataplane.linux.SteeringEntry;
import io.vigil.dataplane.linux.XdpAttachment;
import io.vigil.dataplane.linux.XdpMode;
import io.vigil.dataplane.linux.XdpStatistics;
import io.vigil.dataplane.linux.netlink.Link;
import io.vigil.dataplane.linux.netlink.LinkLayerAddress;
import java.lang.foreign.MemorySegment;
import java.util.Set;

/**
 * A {@link PacketPort} over AF_XDP sockets, one per receive queue of the device that the port's worker serves
 * ({@link XdpQueue}), and Vigil's XDP program ({@link XdpAttachment}): the program redirects only the owned flows
 * ({@link #steer}) into the socket of the queue they arrived on and passes everything else to the kernel, so no
 * nftables steering is needed. {@link #receive} hands over up to {@link #BATCH} frames, from the queues in turn, and
 * lends their frames back to the kernel at once; {@link #transmit} copies a frame into a free UMEM frame of the
 * first queue's socket; {@link #flush} publishes its TX ring and kicks once (copy mode always needs the kick).
 * Received frames are flagged {@link FrameHandler#CHECKSUM_PENDING}: XDP does not say whether a veth peer left a
 * partial checksum, so frames leave with their transport checksum computed in full. Nothing on the packet path
 * allocates or throws.
 *
 * <p>With several workers ({@link XdpPortGroup}) each port serves its share of the queues and carries a
 * {@link WorkerHandoff}: {@link #receive} first takes the frames the other workers handed to it, then passes on its
 * own frames that it owns and hands the others to their owner; a port with no queue of its own sends through the
 * port of another worker. One worker's port (from {@link #open}) has no handoff and owns the program.
 *
 * <p>Thread safety: {@link #receive}, {@link #transmit}, {@link #flush}, {@link #readyToBlock} and
 * {@link #awaitFrames} on the owning worker thread only; {@link #steer} on one control thread; {@link #stats()} from
 * any thread; {@link #close()} once the worker has stopped. Sockets, program and maps belong to the network
 * namespace of the thread that opened them.
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
    /** Whether {@link #close} detaches the program (a port of one worker); a group's program goes with the group. */
    private final boolean ownsAttachment;
    /** The frames shared with the device's other workers; null with one worker. */
    private final WorkerHandoff handoff;
    private int nextQueue;
    /** Every queue's socket, for {@link #awaitFrames} with more than one queue; made on first use. */
    private PollSet pollSet;
    private volatile long received;
    private volatile long transmitted;
    private volatile long transmitFailures;
    private XdpStatistics lastStatistics = new XdpStatistics(0, 0, 0, 0, 0, 0);
    private boolean closed;

    /**
     * @param queues         the queues this port's worker reads (none: it gets frames by handoff only)
     * @param ownsAttachment whether {@link #close} detaches the program
     * @param inboxes        every worker's {@link HandoffInbox} on the device, or null for one worker
     * @param worker         this port's worker
     * @param sender         the worker that sends for this one when it has no queue, else -1
     */
    XdpPort(Link link, XdpQueue[] queues, XdpAttachment attachment, boolean ownsAttachment, HandoffInbox[] inboxes,
            int worker, int sender) {
        if (queues.length == 0 && (inboxes == null || sender < 0)) {
            throw new IllegalArgumentException("an XDP port on " + link.name() + " without a queue needs a worker to "
                    + "send through");
        }
        this.device = link.name();
        this.ifIndex = link.index();
        this.macAddress = link.address().map(LinkLayerAddress::asLong).orElse(0L);
        this.mtu = link.mtu();
        this.queues = queues;
        this.transmitQueue = queues.length > 0 ? queues[0] : null;
        this.attachment = attachment;
        this.ownsAttachment = ownsAttachment;
        this.handoff = inboxes == null ? null : new WorkerHandoff(worker, inboxes, sender, this::transmitForAnother);
    }

    /**
     * Opens the port on {@code device} in the calling thread's network namespace, for one worker: one socket per
     * receive queue (as many as the device has, starting at {@link XdpConfig#queue}), then the program (replacing a
     * stale Vigil program), with an empty steering map. The port owns the program: {@link #close} detaches it.
     * {@link XdpPortGroup#open} opens the ports of several workers.
     *
     * @throws LinuxException naming the device and the step that failed (no AF_XDP, no BPF, MTU too large, ...)
     */
    public static XdpPort open(String device, XdpConfig config) throws LinuxException {
        return XdpPortGroup.open(device, config, 1).port(0);
    }

    /**
     * Hands over up to {@link #BATCH} frames from the port's queues and, with several workers, first up to
     * {@link #BATCH} from each other worker that handed frames to this one (those are counted by the port that read
     * them, not here).
     */
    @Override
    public int receive(FrameHandler handler) {
        FrameHandler sink = handler;
        int handed = 0;
        if (handoff != null) {
            handed = handoff.drain(handler, BATCH);
            sink = handoff.sorting(handler);
        }
        int total = 0;
        for (int i = 0; i < queues.length && total < BATCH; i++) {
            XdpQueue q = queues[nextQueue];
            nextQueue = nextQueue + 1 == queues.length ? 0 : nextQueue + 1;
            total += q.receive(sink, BATCH - total);
        }
        if (total > 0) {
            received += total;
        }
        return handed + total;
    }

    /** On a port without a queue of its own the frame goes to the worker that sends for it. */
    @Override
    public boolean transmit(MemorySegment memory, long offset, int length) {
        if (transmitQueue == null ? !handoff.transmit(memory, offset, length)
                : !transmitQueue.transmit(memory, offset, length)) {
            transmitFailures++;
            return false;
        }
        return true;
    }

    /**
     * Publishes and kicks as {@link PacketPort#flush} says; with several workers also wakes the workers this one
     * handed frames to, and counts those frames in the result (handing them over is this worker's work).
     */
    @Override
    public int flush() {
        int published = transmitQueue == null ? 0 : transmitQueue.flush();
        if (published > 0) {
            transmitted += published;
        }
        return handoff == null ? published : published + handoff.flush();
    }

    /** The transmit path for frames other workers hand this one to send. */
    private boolean transmitForAnother(MemorySegment memory, long offset, int length) {
        return transmitQueue != null && transmitQueue.transmit(memory, offset, length);
    }

    /** From now on the frames are shared by {@code owners}; control thread, several workers only. */
    void owners(FlowOwners owners) {
        if (handoff != null) {
            handoff.owners(owners);
        }
    }

    @Override
    public void awaitFrames(int timeoutMillis) {
        if (!readyToBlock()) {
            return;
        }
        try {
            if (queues.length == 1 && handoff == null) {
                queues[0].poll(timeoutMillis);
            } else {
                pollSet().await(timeoutMillis);
            }
        } catch (LinuxException e) {
            throw new IllegalStateException("poll on " + this + " failed", e);
        }
    }

    /** Every queue's socket and, with several workers, the doorbell that frames handed to this worker ring. */
    @Override
    public int[] pollDescriptors() {
        int[] fds = new int[queues.length + (handoff == null ? 0 : 1)];
        for (int i = 0; i < queues.length; i++) {
            fds[i] = queues[i].fd();
        }
        if (handoff != null) {
            fds[queues.length] = handoff.doorbellFd();
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
        if (transmitQueue != null && transmitQueue.inFlight() > 0) {
            flush(); // frames a kick left behind (budget, EAGAIN) go out before the worker sleeps
        }
        return handoff == null || handoff.readyToBlock();
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

    /** Whether the sockets run zero-copy (false: copy mode, as on veth, or no socket of its own). */
    public boolean zeroCopy() {
        return transmitQueue != null && transmitQueue.zeroCopy();
    }

    /**
     * The NAPI id the first queue's socket busy-polls (SO_INCOMING_NAPI_ID), 0 when the kernel gave it none (then
     * busy polling does nothing: a veth on Linux 6.13+, for one).
     */
    public int busyPollNapiId() throws LinuxException {
        return transmitQueue == null ? 0 : transmitQueue.napiId();
    }

    /** The receive queues this port serves, each with its own socket. */
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
        return transmitFailures + kicks + (handoff == null ? 0 : handoff.sendFailures());
    }

    @Override
    public PortStats stats() {
        XdpStatistics s = xdpStatistics();
        return new PortStats(device, BACKEND, received, transmitted, s.rxDropped() + s.rxRingFull(), 0,
                handoff == null ? 0 : handoff.handedOff(), handoff == null ? 0 : handoff.handoffDrops());
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

    /**
     * Detaches the program and frees program and maps if the port owns them, then unmaps and closes its sockets.
     * Idempotent.
     */
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
            if (ownsAttachment) {
                attachment.close();
            }
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
