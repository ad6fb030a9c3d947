package io.vigil.vrrp.io;

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
 * new master's copy into the {@code dadfailed} state for good. A {@link Vip#deprecated} one is added with a preferred
 * lifetime of 0, as keepalived adds a /128 by default, so that the host's own connections (health checks, DNS) never
 * leave from the VIP: with the VIP newer than the interface's own address in the same prefix, the kernel's source
 * selection would otherwise take the VIP, and the answers would go to whoever else holds it (the real servers in DR).
 *
 * <p>Packet sockets for devices not named at open are opened on first use, on the loop thread, so that thread must
 * live in the VIPs' network namespace (in the daemon the whole process does).
 */
public final class KernelVipOwner implements VipOwner {

    private static final Logger LOG = LoggerFactory.getLogger(KernelVipOwner.class);
    /** A packet socket used to send only: one small block, outgoing frames ignored. */
    private static final RingConfig SEND_ONLY = new RingConfig(4096, 1, 2048, 10, true, true);
    /** Addresses whose announcements {@link #rehearse} writes but never sends (RFC 6890 benchmarking, RFC 4193). */
    private static final Inet4Address REHEARSAL_V4 = (Inet4Address) literal("198.18.0.1");
    private static final Inet6Address REHEARSAL_V6 = (Inet6Address) literal("fd00::1");

    private final Rtnetlink rtnetlink;
    private final Map<String, PacketRing> rings = new HashMap<>();
    private final Map<String, MacAddress> macs = new HashMap<>();
    private final Map<String, Integer> indexes = new HashMap<>();
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
     * namespace, and rehearses a takeover on each ({@link #rehearse}). Opening the packet sockets now keeps their
     * setup (socket, ring, mmap) off the takeover path.
     */
    public static KernelVipOwner open(List<String> devices) throws LinuxException {
        KernelVipOwner owner = new KernelVipOwner(Rtnetlink.open());
        try {
            for (String device : devices) {
                owner.ring(device);
                owner.rehearse(device);
            }
        } catch (LinuxException e) {
            owner.close();
            throw e;
        }
        return owner;
    }

    /**
     * Runs the takeover's code once without changing anything, so that the first real takeover does not pay for
     * class loading and linking (measured on a cold JVM: 5 to 10 ms from the master-down timer to the VIPs added and
     * as much again to the first gratuitous ARP). The interface index is looked up and kept; one of the interface's
     * own IPv4 addresses is added again (RTM_NEWADDR with NLM_F_EXCL: the kernel answers EEXIST and changes nothing,
     * through the same request, reply and error code as a VIP); a gratuitous ARP and a neighbour advertisement are
     * written into the frame buffer but not sent. An interface without an address, or a failure, only skips a step.
     */
    private void rehearse(String device) {
        try {
            for (IfAddress existing : rtnetlink.addresses(index(device))) {
                if (existing.address() instanceof Inet4Address) {
                    if (rtnetlink.ensureAddress(existing)) {
                        LOG.warn("takeover rehearsal re-added {} on {}", existing.address().getHostAddress(), device);
                    }
                    break;
                }
            }
        } catch (LinuxException e) {
            LOG.debug("takeover rehearsal on {}: {}", device, e.getMessage());
        }
        MacAddress mac = macs.get(device);
        write(mac, REHEARSAL_V4, false);
        write(mac, REHEARSAL_V6, false);
    }

    @Override
    public void add(List<Vip> vips) {
        for (Vip vip : vips) {
            try {
                if (rtnetlink.ensureAddress(toIfAddress(vip))) {
                    LOG.debug("added {}", vip);
                }
            } catch (LinuxException e) {
                indexes.remove(vip.device());
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
            boolean router = false;
            for (InetAddress address : addresses) { // no stream: nothing on the takeover path is linked late
                if (address instanceof Inet6Address) {
                    router = forwardsIpv6(device);
                    break;
                }
            }
            for (int i = 0; i < repeat; i++) { // keepalived's order: each address once per round
                for (InetAddress address : addresses) {
                    ring.send(frame.asSlice(0, write(mac, address, router)));
                }
            }
        } catch (LinuxException e) {
            LOG.error("cannot send gratuitous ARP / unsolicited NA on {}: {}", device, e.getMessage());
        }
    }

    /** Writes the announcement of {@code address} into {@link #frame}; returns its length. */
    private int write(MacAddress mac, InetAddress address, boolean router) {
        return address instanceof Inet4Address v4 ? garp.write(frame, mac, v4)
                : na.write(frame, mac, (Inet6Address) address, router);
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

    /**
     * The interface index of {@code device}, looked up through the rtnetlink socket (so in the socket's namespace)
     * once and kept; {@link #add} forgets it when an add fails (the interface may have been recreated).
     */
    private int index(String device) throws LinuxException {
        Integer known = indexes.get(device);
        if (known == null) {
            known = rtnetlink.link(device)
                    .orElseThrow(() -> new LinuxException("RTM_GETLINK", io.vigil.dataplane.linux.Errno.ENODEV,
                            "interface " + device))
                    .index();
            indexes.put(device, known);
        }
        return known;
    }

    private IfAddress toIfAddress(Vip vip) throws LinuxException {
        int index = index(vip.device());
        boolean v4 = vip.address() instanceof Inet4Address;
        int flags = v4 ? 0 : IfAddress.NODAD | (vip.deprecated() ? IfAddress.DEPRECATED : 0);
        return new IfAddress(index, vip.address(), vip.prefixLength(), vip.scope(), flags,
                v4 ? Optional.ofNullable(vip.label()) : Optional.empty(),
                v4 ? Optional.ofNullable(vip.broadcast()) : Optional.empty());
    }

    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
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
