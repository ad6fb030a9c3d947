package io.vigil.director.tunnel;

import io.vigil.dataplane.linux.IpipSocket;
import io.vigil.dataplane.linux.Ipv4InterfaceSysctl;
import io.vigil.dataplane.linux.LinuxException;
import io.vigil.dataplane.linux.TunDevice;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LVS-TUN real server's decapsulator for kernels without the {@code ipip} module: a TUN device holds each VIP
 * (/32), a raw socket receives the IPIP packets (RFC 2003) addressed to this host, and a packet thread checks each
 * one ({@link IpipDecapsulator}) and writes the inner packet to the TUN device, so the local stack delivers it to
 * whatever listens on the VIP, which answers the client directly. Reverse-path filtering is turned off on the
 * device (the client is not routed through it); a log line says when {@code net.ipv4.conf.all.rp_filter} still
 * applies.
 *
 * <p>Threading: {@link #start} and {@link #close} on the owner's thread; the packet thread {@code vigil-tunnel}
 * owns the socket's buffer and the counters (single writer), and allocates nothing per packet. {@link #stats()}
 * may be read from any thread.
 */
public final class TunnelEndpoint implements AutoCloseable {

    /** The device name when none is given. */
    public static final String DEFAULT_DEVICE = "vigil-tun";
    /** How long the packet thread waits in poll(2) before it looks at the stop flag again. */
    static final int POLL_MILLIS = 200;
    /** Packets read per wake-up before polling again. */
    static final int BATCH = 64;
    /** Largest IPv4 packet (Total Length is 16 bits). */
    static final int BUFFER_BYTES = 65_536;

    private static final Logger LOG = LoggerFactory.getLogger(TunnelEndpoint.class);

    private final TunDevice device;
    private final IpipSocket socket;
    private final List<Inet4Address> vips;
    private final IpipDecapsulator decapsulator;
    private final TunnelCounters counters = new TunnelCounters();
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffer = arena.allocate(BUFFER_BYTES);
    private final Thread thread;
    private volatile boolean running = true;
    private boolean closed;

    private TunnelEndpoint(TunDevice device, IpipSocket socket, List<Inet4Address> vips) {
        this.device = device;
        this.socket = socket;
        this.vips = vips;
        this.decapsulator = new IpipDecapsulator(vips.stream().mapToInt(TunnelEndpoint::bits).toArray());
        this.thread = Thread.ofPlatform().name("vigil-tunnel").unstarted(this::run);
    }

    /**
     * Creates the device {@code deviceName} with the VIPs, sets its rp_filter to 0, opens the raw IPIP socket and
     * starts the packet thread, in the calling thread's network namespace.
     *
     * @throws LinuxException EPERM without CAP_NET_ADMIN (device) or CAP_NET_RAW (socket), EBUSY when the device
     *                        name is taken by another TUN process; nothing is left behind
     * @throws IOException    when rp_filter cannot be read or written
     */
    public static TunnelEndpoint start(List<Inet4Address> vips, String deviceName) throws IOException {
        if (vips.isEmpty()) {
            throw new IllegalArgumentException("a tunnel endpoint needs at least one VIP");
        }
        TunDevice device = TunDevice.create(deviceName);
        IpipSocket socket = null;
        try {
            for (Inet4Address vip : vips) {
                device.addAddress(vip);
            }
            Ipv4InterfaceSysctl.write(device.name(), Ipv4InterfaceSysctl.RP_FILTER, 0);
            int all = Ipv4InterfaceSysctl.read(Ipv4InterfaceSysctl.ALL, Ipv4InterfaceSysctl.RP_FILTER);
            reversePathWarning(all, device.name()).ifPresent(LOG::warn);
            socket = IpipSocket.open();
            TunnelEndpoint endpoint = new TunnelEndpoint(device, socket, List.copyOf(vips));
            endpoint.thread.start();
            LOG.info("tunnel-endpoint running: device {} (ifindex {}) holds {}; decapsulating IPIP (protocol 4) "
                    + "addressed to this host", device.name(), device.ifindex(), endpoint.vipList());
            return endpoint;
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            closeQuietly(device);
            throw e;
        }
    }

    /**
     * The warning to log when {@code net.ipv4.conf.all.rp_filter} (value {@code all}) still drops decapsulated
     * packets on {@code device} whose own rp_filter is 0: the kernel uses max(all, device). Strict mode (1) drops
     * every client that is not routed through the device, that is all of them.
     */
    static Optional<String> reversePathWarning(int all, String device) {
        if (all == 1) {
            return Optional.of("net.ipv4.conf.all.rp_filter is 1 (strict): the kernel applies max(all, " + device
                    + ") = 1 to " + device + ", so it drops every decapsulated packet whose client is not routed via "
                    + device + "; set net.ipv4.conf.all.rp_filter to 0 or 2 (loose)");
        }
        return Optional.empty();
    }

    private void run() {
        while (running) {
            try {
                if (!socket.awaitReadable(POLL_MILLIS)) {
                    continue;
                }
                for (int i = 0; i < BATCH; i++) {
                    long length = socket.receive(buffer);
                    if (length < 0) {
                        break;
                    }
                    IpipCheck check = decapsulator.check(buffer, (int) length);
                    if (check == IpipCheck.DELIVERED) {
                        check = deliver();
                    }
                    counters.count(check, decapsulator.innerLength());
                }
            } catch (LinuxException e) {
                // Logged the first time only: a failure that repeats would flood the log, the counter keeps count.
                if (counters.snapshot().receiveErrors() == 0) {
                    LOG.warn("tunnel-endpoint: {} (further receive errors are only counted)", e.getMessage());
                }
                counters.countReceiveError();
            }
        }
    }

    /** Moves the inner packet to the start of the buffer (the outer header may carry options) and writes it. */
    private IpipCheck deliver() {
        int offset = decapsulator.innerOffset();
        int length = decapsulator.innerLength();
        MemorySegment.copy(buffer, offset, buffer, 0, length);
        try {
            return device.write(buffer, length) ? IpipCheck.DELIVERED : IpipCheck.TUN_WRITE_FAILED;
        } catch (LinuxException e) {
            return IpipCheck.TUN_WRITE_FAILED;
        }
    }

    /** The counters now. */
    public TunnelStats stats() {
        return counters.snapshot();
    }

    /** The TUN device's name. */
    public String deviceName() {
        return device.name();
    }

    private String vipList() {
        return vips.stream().map(v -> v.getHostAddress() + "/32").collect(Collectors.joining(", "));
    }

    /**
     * Stops the packet thread, closes the socket and the device (which removes it with its addresses) and logs the
     * counters; idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        running = false;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(socket);
        closeQuietly(device);
        arena.close();
        LOG.info("tunnel-endpoint stopped: device {} removed; {}", device.name(), stats().summary());
    }

    private static void closeQuietly(AutoCloseable resource) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception e) {
            LOG.warn("tunnel-endpoint: closing {}: {}", resource, e.getMessage());
        }
    }

    private static int bits(Inet4Address address) {
        return ByteBuffer.wrap(address.getAddress()).getInt();
    }
}
