package io.vigil.dataplane.linux;

import io.vigil.dataplane.linux.netlink.IfAddress;
import io.vigil.dataplane.linux.netlink.NetlinkConstants;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * A layer-3 TUN device ({@code /dev/net/tun}, TUNSETIFF with IFF_TUN | IFF_NO_PI, Documentation/networking/tuntap.rst):
 * every {@link #write} hands one bare IP packet (no packet-information prefix; the kernel reads the protocol from the
 * version nibble) to the local stack as if it had arrived on the device, and every {@link #read} takes one packet
 * the stack routed into it. The device is not persistent: {@link #close()} (or the death of the process) removes
 * it, with its addresses and routes.
 *
 * <p>{@link #create} brings the device up; {@link #addAddress} gives it host addresses (/32, /128) through
 * rtnetlink. Creating needs CAP_NET_ADMIN (EPERM otherwise).
 *
 * <p>Thread safety: {@link #write} and {@link #read} allocate nothing and may be called by one packet thread;
 * {@link #addAddress} and {@link #close} by the owner, not concurrently with them. The device belongs to the
 * network namespace of the thread that created it.
 */
public final class TunDevice implements AutoCloseable {

    /** The clone device, Documentation/networking/tuntap.rst §3.2. */
    public static final String CLONE_DEVICE = "/dev/net/tun";
    /** TUNSETIFF = _IOW('T', 202, int), linux/if_tun.h. */
    static final long TUNSETIFF = 0x400454caL;
    /** IFF_TUN, linux/if_tun.h: a layer-3 device (IP packets, no Ethernet header). */
    static final int IFF_TUN = 0x0001;
    /** IFF_NO_PI, linux/if_tun.h: no 4-byte packet-information prefix before each packet. */
    static final int IFF_NO_PI = 0x1000;
    /** O_RDWR | O_NONBLOCK | O_CLOEXEC, asm-generic/fcntl.h. */
    private static final int OPEN_FLAGS = 0x2 | 0x800 | 0x80000;

    private final int fd;
    private final String name;
    private final int ifindex;
    private final String context;
    private final OwnedDescriptor owned;
    private final MemorySegment pollFd;

    private TunDevice(int fd, String name, int ifindex, Arena arena) {
        this.fd = fd;
        this.name = name;
        this.ifindex = ifindex;
        this.context = "TUN device " + name;
        this.owned = new OwnedDescriptor(fd, arena, context);
        this.pollFd = arena.allocate(PollFd.LAYOUT);
    }

    /**
     * Creates the TUN device {@code name} (at most 15 bytes; {@code %d} lets the kernel pick a number) in the calling
     * thread's network namespace and brings it up.
     *
     * @throws LinuxException EPERM without CAP_NET_ADMIN, EBUSY when another process holds a device of that name,
     *                        ENOENT when {@value #CLONE_DEVICE} is missing (no TUN support)
     */
    public static TunDevice create(String name) throws LinuxException {
        Arena arena = Arena.ofShared();
        int fd;
        try {
            fd = Libc.open(CLONE_DEVICE, OPEN_FLAGS);
        } catch (LinuxException e) {
            arena.close();
            throw e.withContext("TUN device " + name);
        }
        OwnedDescriptor pending = new OwnedDescriptor(fd, arena, "TUN device " + name);
        TunDevice device;
        try {
            MemorySegment request = arena.allocate(IfReq.LAYOUT);
            IfReq.writeName(request, name);
            IfReq.writeFlags(request, IFF_TUN | IFF_NO_PI);
            Libc.ioctl(fd, TUNSETIFF, request, "TUNSETIFF IFF_TUN|IFF_NO_PI");
            String actual = IfReq.name(request);
            device = new TunDevice(fd, actual, Libc.ifNameToIndex(actual), arena);
        } catch (LinuxException e) {
            pending.closeQuietly();
            throw e.withContext("TUN device " + name);
        } catch (RuntimeException e) {
            pending.closeQuietly();
            throw e;
        }
        try (Rtnetlink rtnetlink = Rtnetlink.open()) {
            rtnetlink.setLinkUp(device.ifindex, true);
            return device;
        } catch (LinuxException e) {
            device.owned.closeQuietly();
            throw e;
        }
    }

    /** Adds {@code address} as a host address: /32 for IPv4, /128 for IPv6 (RTM_NEWADDR, no DAD for IPv6). */
    public void addAddress(InetAddress address) throws LinuxException {
        try (Rtnetlink rtnetlink = Rtnetlink.open()) {
            rtnetlink.addAddress(hostAddress(address));
        }
    }

    /** Removes a host address given to {@link #addAddress}; false when the device did not have it. */
    public boolean removeAddress(InetAddress address) throws LinuxException {
        try (Rtnetlink rtnetlink = Rtnetlink.open()) {
            return rtnetlink.removeAddressIfPresent(hostAddress(address));
        }
    }

    private IfAddress hostAddress(InetAddress address) {
        return address instanceof Inet4Address
                ? IfAddress.of(ifindex, address, 32)
                : IfAddress.of(ifindex, address, 128).withFlags(NetlinkConstants.IFA_F_NODAD);
    }

    /**
     * Delivers the IP packet in the first {@code length} bytes of {@code packet} (native) to the stack. Returns false
     * when the device queue is full (EAGAIN); throws on any other failure (EINVAL for a packet that is not IPv4 or
     * IPv6, EIO when the device is down).
     */
    public boolean write(MemorySegment packet, long length) throws LinuxException {
        return Libc.write(fd, packet, length, context) >= 0;
    }

    /** Reads one packet the stack routed into the device; its length, or -1 when none is queued. */
    public long read(MemorySegment buffer) throws LinuxException {
        return Libc.read(fd, buffer, context);
    }

    /** Waits up to {@code timeoutMillis} for a packet to {@link #read} (poll(2)); true when one is ready. */
    public boolean awaitReadable(int timeoutMillis) throws LinuxException {
        PollFd.write(pollFd, fd, PollFd.POLLIN);
        return Libc.poll(pollFd, 1, timeoutMillis) > 0;
    }

    /** The device's name, as the kernel chose it. */
    public String name() {
        return name;
    }

    /** The device's interface index. */
    public int ifindex() {
        return ifindex;
    }

    /** Closes the descriptor, which removes the device with its addresses and routes; idempotent. */
    @Override
    public void close() throws LinuxException {
        owned.close();
    }

    @Override
    public String toString() {
        return "TunDevice[" + name + ", ifindex " + ifindex + "]";
    }
}
