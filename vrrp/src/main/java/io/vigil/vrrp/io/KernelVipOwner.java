package io.vigil.vrrp.io;

import io.netty.util.NetUtil;
import io.vigil.dataplane.linux.LinuxException;
import io.vigil.dataplane.linux.PacketRing;
import io.vigil.dataplane.linux.RingConfig;
import io.vigil.dataplane.linux.Rtnetlink;
import io.vigil.dataplane.linux.netlink.IfAddress;
import io.vigil.dataplane.packet.GratuitousArp;
import io.vigil.dataplane.packet.MacAddress;
import io.vigil.dataplane.packet.NeighbourAdvertisement;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts VIPs on interfaces with rtnetlink (RTM_NEWADDR / RTM_DELADDR, so the kernel answers ARP and neighbour
 * solicitations and local services can bind them, as with keepalived) and announces them through a packet socket
 * (keepalived.md §2.10): IPv4 VIPs with gratuitous ARP (an ARP request with sender = target = VIP, broadcast), IPv6
 * VIPs with unsolicited neighbour advertisements ({@link NeighbourAdvertisement}). Used on the VRRP loop thread only.
 *
 * <p>IPv6 VIPs are added with {@code IFA_F_NODAD}, as keepalived's {@code netlink_ipaddress} (vrrp_ipaddress.c)
 * does: the address is usable at once, and a VIP the old master still holds (kill -9, split brain) cannot send the
 * new master's copy into the {@code dadfailed} state for good.
 *
 * <p>Packet sockets for devices not named at open are opened on first use, on the loop thread, so that thread must
 * live in the VIPs' network namespace (in the daemon the whole process does).
 */
public final class KernelVipOwner implements VipOwner {

    private static final Logger LOG = LoggerFactory.getLogger(KernelVipOwner.class);
    /** A packet socket used to send only: one small block, outgoing frames ignored. */
    private static final RingConfig SEND_ONLY = new RingConfig(4096, 1, 2048, 10, true, true);

    private final Rtnetlink rtnetlink;
    private final Map<String, PacketRing> rings = new HashMap<>();
    private final Map<String, MacAddress> macs = new HashMap<>();
    private final Arena arena = Arena.ofShared();
    private final MemorySegment frame = arena.allocate(Math.max(GratuitousArp.FRAME_LENGTH,
            NeighbourAdvertisement.FRAME_LENGTH));
    private final GratuitousArp garp = new GratuitousArp();
    private boolean closed;
    private final NeighbourAdvertisement na = new NeighbourAdvertisement();

    private KernelVipOwner(Rtnetlink rtnetlink) {
        this.rtnetlink = rtnetlink;
    }

    /**
     * Opens the rtnetlink socket, and a packet socket on each of {@code devices}, in the calling thread's network
     * namespace. Opening the packet sockets now keeps their setup (socket, ring, mmap) off the takeover path.
     */
    public static KernelVipOwner open(List<String> devices) throws LinuxException {
        KernelVipOwner owner = new KernelVipOwner(Rtnetlink.open());
        try {
            for (String device : devices) {
                owner.ring(device);
            }
        } catch (LinuxException e) {
            owner.close();
            throw e;
        }
        return owner;
    }

    @Override
    public void add(List<Vip> vips) {
        for (Vip vip : vips) {
            try {
                if (rtnetlink.ensureAddress(toIfAddress(vip))) {
                    LOG.debug("added {}", vip);
                }
            } catch (LinuxException e) {
                LOG.error("cannot add VIP {}: {}", vip, e.getMessage());
            }
        }
    }

    @Override
    public void remove(List<Vip> vips) {
        for (Vip vip : vips) {
            try {
                rtnetlink.removeAddressIfPresent(toIfAddress(vip));
            } catch (LinuxException e) {
                LOG.error("cannot remove VIP {}: {}", vip, e.getMessage());
            }
        }
    }

    @Override
    public void announce(String device, List<InetAddress> addresses, int repeat) {
        try {
            PacketRing ring = ring(device);
            MacAddress mac = macs.get(device);
            boolean router = addresses.stream().anyMatch(a -> a instanceof Inet6Address) && forwardsIpv6(device);
            for (InetAddress address : addresses) {
                int length = address instanceof Inet4Address v4 ? garp.write(frame, mac, v4)
                        : na.write(frame, mac, (Inet6Address) address, router);
                for (int i = 0; i < repeat; i++) {
                    ring.send(frame.asSlice(0, length));
                }
                LOG.info(address instanceof Inet4Address ? "Sending gratuitous ARP on {} for {}"
                        : "Sending unsolicited Neighbour Advert on {} for {}", device, NetUtil.toAddressString(address));
            }
        } catch (LinuxException e) {
            LOG.error("cannot send gratuitous ARP / unsolicited NA on {}: {}", device, e.getMessage());
        }
    }

    /**
     * Whether {@code device} forwards IPv6, which sets the NA's Router flag as keepalived's
     * {@code get_ipv6_forwarding} does (vrrp_if_config.c reads the same sysctl). Read per announcement, since an
     * administrator may change it; false if it cannot be read.
     */
    private static boolean forwardsIpv6(String device) {
        try {
            return Files.readString(Path.of("/proc/sys/net/ipv6/conf", device, "forwarding")).strip().equals("1");
        } catch (IOException | InvalidPathException e) {
            LOG.debug("cannot read IPv6 forwarding of {}: {}", device, e.getMessage());
            return false;
        }
    }

    private PacketRing ring(String device) throws LinuxException {
        PacketRing ring = rings.get(device);
        if (ring == null) {
            ring = PacketRing.open(device, SEND_ONLY);
            macs.put(device, ring.hardwareAddress());
            rings.put(device, ring);
        }
        return ring;
    }

    /** Resolves the device through the rtnetlink socket, so the lookup happens in the socket's namespace. */
    private IfAddress toIfAddress(Vip vip) throws LinuxException {
        int index = rtnetlink.link(vip.device())
                .orElseThrow(() -> new LinuxException("RTM_GETLINK", io.vigil.dataplane.linux.Errno.ENODEV,
                        "interface " + vip.device() + " for VIP " + vip.address().getHostAddress()))
                .index();
        boolean v4 = vip.address() instanceof Inet4Address;
        return new IfAddress(index, vip.address(), vip.prefixLength(), vip.scope(), v4 ? 0 : IfAddress.NODAD,
                v4 ? Optional.ofNullable(vip.label()) : Optional.empty(),
                v4 ? Optional.ofNullable(vip.broadcast()) : Optional.empty());
    }

    /** Closes the sockets; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (PacketRing ring : rings.values()) {
            try {
                ring.close();
            } catch (LinuxException e) {
                LOG.warn("closing packet socket: {}", e.getMessage());
            }
        }
        rings.clear();
        try {
            rtnetlink.close();
        } catch (LinuxException e) {
            LOG.warn("closing rtnetlink: {}", e.getMessage());
        }
        arena.close();
    }
}
