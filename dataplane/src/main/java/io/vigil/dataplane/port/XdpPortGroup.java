package io.vigil.dataplane.port;

import io.vigil.dataplane.linux.Errno;
import io.vigil.dataplane.linux.LinuxException;
import io.vigil.dataplane.linux.Rtnetlink;
import io.vigil.dataplane.linux.XdpAttachment;
import io.vigil.dataplane.linux.XdpSocket;
import io.vigil.dataplane.linux.netlink.Link;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@link XdpPort}s of one device for its workers: one AF_XDP socket per receive queue, one XDP program and
 * steering map for them all (attached once, detached when the group closes), and queue {@code q} read by worker
 * {@code q % workers}. An AF_XDP socket receives only the frames of its own queue, and the NIC's receive-side
 * scaling (on veth: the sender's transmit queue) chooses the queue by a hash that keeps neither the two directions
 * of a NAT flow (client to VIP, real server to client) nor one client's connections together. So the workers share
 * the frames in user space, as DPVS's connection redirect does with rings: each worker decides each frame's owner by
 * the {@link FlowPartition}'s rule ({@link FlowOwners}, the same hash as the TPACKET backend's fanout program) and
 * copies the frames of other workers into their {@link HandoffInbox}; the owner handles them as received frames and
 * sends them through its own sockets, so no UMEM is ever touched by two threads. A worker without a queue (a device
 * with fewer queues than workers) still owns its flows: it receives them by handoff and sends through the worker of
 * queue {@code worker % queues}. With one worker there is no handoff: the port reads every queue and owns the
 * program.
 *
 * <p>The cost: a frame that arrives on another worker's queue is copied once more (into the ring, then into the
 * owner's UMEM) and waits for the owner's next duty cycle; with RSS spreading flows evenly that is
 * {@code (workers - 1) / workers} of the frames.
 *
 * <p>Threading: {@link #open}, {@link #partition}, steering and {@link #close} on the dataplane's control
 * thread ({@link #close} once every worker has stopped); each port as {@link XdpPort} says, on its own worker.
 */
public final class XdpPortGroup implements PortGroup {

    /** Bytes of each handoff ring (one per pair of workers): about 3,600 small frames or 170 full ones. */
    public static final int HANDOFF_RING_BYTES = 1 << 18;

    private final String device;
    private final XdpAttachment attachment;
    private final List<XdpPort> ports;
    private final List<HandoffInbox> inboxes;
    private final Arena arena;
    private final int queueCount;
    private boolean closed;

    private XdpPortGroup(String device, XdpAttachment attachment, List<XdpPort> ports, List<HandoffInbox> inboxes,
                         Arena arena, int queueCount) {
        this.device = device;
        this.attachment = attachment;
        this.ports = ports;
        this.inboxes = inboxes;
        this.arena = arena;
        this.queueCount = queueCount;
    }

    /**
     * Opens the ports of {@code workers} workers on {@code device} in the calling thread's network namespace: one
     * socket per receive queue (as many as the device has, starting at {@link XdpConfig#queue}), then the program
     * (replacing a stale Vigil program), with an empty steering map and every frame kept by the worker that reads
     * it until the first {@link #partition}.
     *
     * @throws LinuxException naming the device and the step that failed (no AF_XDP, no BPF, MTU too large, ...)
     */
    public static XdpPortGroup open(String device, XdpConfig config, int workers) throws LinuxException {
        if (workers < 1 || workers > Long.SIZE) {
            throw new IllegalArgumentException("workers " + workers + ", expected 1 to " + Long.SIZE);
        }
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
        List<HandoffInbox> inboxes = new ArrayList<>();
        Arena arena = workers > 1 ? Arena.ofShared() : null;
        XdpAttachment attachment = null;
        try {
            openQueues(device, link, config, queues);
            int[] fds = new int[config.queue() + queues.size()];
            Arrays.fill(fds, -1);
            for (int i = 0; i < queues.size(); i++) {
                fds[config.queue() + i] = queues.get(i).fd();
            }
            attachment = XdpAttachment.open(device, link.index(), fds, config.mode());
            if (workers == 1) {
                XdpPort port = new XdpPort(link, queues.toArray(new XdpQueue[0]), attachment, true, null, 0, -1);
                return new XdpPortGroup(device, attachment, List.of(port), List.of(), null, queues.size());
            }
            for (int w = 0; w < workers; w++) {
                inboxes.add(new HandoffInbox(w, workers, HANDOFF_RING_BYTES, arena));
            }
            HandoffInbox[] shared = inboxes.toArray(new HandoffInbox[0]);
            List<XdpPort> ports = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                List<XdpQueue> own = new ArrayList<>();
                for (int i = 0; i < queues.size(); i++) {
                    if ((config.queue() + i) % workers == w) {
                        own.add(queues.get(i));
                    }
                }
                int sender = own.isEmpty() ? (config.queue() + w % queues.size()) % workers : -1;
                ports.add(new XdpPort(link, own.toArray(new XdpQueue[0]), attachment, false, shared, w, sender));
            }
            return new XdpPortGroup(device, attachment, List.copyOf(ports), List.copyOf(inboxes), arena,
                    queues.size());
        } catch (LinuxException | RuntimeException e) {
            closeQuietly(attachment, queues, inboxes, arena);
            throw e;
        }
    }

    /** One socket per receive queue from {@code config.queue()} on, as many as bind (the device's in use). */
    private static void openQueues(String device, Link link, XdpConfig config, List<XdpQueue> queues)
            throws LinuxException {
        for (int q = config.queue(); q < Math.max(config.queue() + 1, link.rxQueues()); q++) {
            XdpSocket socket;
            try {
                socket = XdpSocket.open(device, link.index(), q, config.frameCount(), config.frameSize(),
                        config.ringSize());
            } catch (LinuxException e) {
                if (q > config.queue() && e.errno() == Errno.EINVAL) {
                    return; // fewer queues in use than the device has allocated
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
    }

    @Override
    public String device() {
        return device;
    }

    @Override
    public int workers() {
        return ports.size();
    }

    @Override
    public XdpPort port(int worker) {
        return ports.get(worker);
    }

    /** From now on each worker hands the frames of {@code partition}'s flows to their owner; nothing with one. */
    @Override
    public void partition(FlowPartition partition) {
        if (ports.size() > 1) {
            FlowOwners owners = FlowOwners.of(partition, ports.size());
            for (XdpPort port : ports) {
                port.owners(owners);
            }
        }
    }

    /** The program and its maps: {@link XdpAttachment#steer} makes it redirect exactly the given flows. */
    public XdpAttachment attachment() {
        return attachment;
    }

    /** Whether the sockets run zero-copy (false: copy mode, as on veth). */
    public boolean zeroCopy() {
        return ports.getFirst().zeroCopy();
    }

    /** The receive queues served, each with its own socket, among all the workers. */
    public int queueCount() {
        return queueCount;
    }

    /** The NAPI id worker 0's first socket busy-polls; 0 when the kernel gave it none (see {@link XdpPort}). */
    public int busyPollNapiId() throws LinuxException {
        return ports.getFirst().busyPollNapiId();
    }

    /** Detaches the program, then closes every port and the handoff rings. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ports.size() == 1) {
            ports.getFirst().close(); // the port owns the program
            return;
        }
        try {
            attachment.close();
        } catch (LinuxException e) {
            throw new IllegalStateException("detaching XDP from " + device + " failed", e);
        } finally {
            ports.forEach(XdpPort::close);
            inboxes.forEach(HandoffInbox::close);
            arena.close();
        }
    }

    private static void closeQuietly(XdpAttachment attachment, List<XdpQueue> queues, List<HandoffInbox> inboxes,
                                     Arena arena) {
        try {
            if (attachment != null) {
                attachment.close();
            }
        } catch (LinuxException ignored) {
            // the first error is the one to report
        }
        for (XdpQueue q : queues) {
            try {
                q.close();
            } catch (LinuxException ignored) {
                // as above
            }
        }
        inboxes.forEach(HandoffInbox::close);
        if (arena != null) {
            arena.close();
        }
    }

    @Override
    public String toString() {
        return "XdpPortGroup[" + device + ", " + ports.size() + " worker(s), " + queueCount + " queue(s)]";
    }
}
