package io.vigil.dataplane.forward;

import io.vigil.dataplane.api.DataplaneSettings;
import io.vigil.dataplane.linux.LinuxException;
import io.vigil.dataplane.linux.NeighbourResolver;
import io.vigil.dataplane.linux.NftException;
import io.vigil.dataplane.linux.NftSteering;
import io.vigil.dataplane.linux.OwnedFlow;
import io.vigil.dataplane.linux.RingVersion;
import io.vigil.dataplane.linux.Rtnetlink;
import io.vigil.dataplane.linux.netlink.IfAddress;
import io.vigil.dataplane.linux.netlink.Link;
import io.vigil.dataplane.linux.netlink.Route;
import io.vigil.dataplane.port.PacketPort;
import io.vigil.dataplane.port.TpacketConfig;
import io.vigil.dataplane.port.TpacketPort;
import io.vigil.dataplane.port.TransmitMode;
import java.net.InetAddress;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host network on Linux: TPACKET_V3 ports, nftables netdev-ingress steering (a stale table left by a killed
 * run is removed at open), rtnetlink for where addresses are, and the neighbour resolver feeding the worker's
 * {@link Neighbours} cache.
 *
 * <p>Threading: as {@link HostNetwork} says; the rtnetlink socket is used by the control thread only.
 */
public final class LinuxHostNetwork implements HostNetwork {

    private static final Logger LOG = LoggerFactory.getLogger(LinuxHostNetwork.class);
    private static final int FRAME_SIZE = 2048;
    /**
     * TPACKET_V3 hands a block to user space when it is full or this many milliseconds after its first frame: at
     * low rates it is the added latency of every pass through the director (bench/forwarding measured a 2 ms median
     * at 2). 1 is the smallest the kernel takes; per-frame hand-over needs TPACKET_V2 or AF_XDP.
     */
    private static final int RETIRE_MILLIS = 1;
    private static final int TX_BLOCKS = 2;
    /** Per-frame hand-over: a TPACKET_V3 block would hold each frame up to the retire timeout (README). */
    private static final RingVersion RING_VERSION = RingVersion.TPACKET_V2;
    private static final int NEIGHBOURS = 1024;

    private final DataplaneSettings settings;
    private final Rtnetlink rtnetlink;
    private final NftSteering steering;
    private final NeighbourResolver resolver;
    private final Neighbours neighbours;
    private boolean closed;

    private LinuxHostNetwork(DataplaneSettings settings, Rtnetlink rtnetlink, NftSteering steering,
                             NeighbourResolver resolver) {
        this.settings = settings;
        this.rtnetlink = rtnetlink;
        this.steering = steering;
        this.resolver = resolver;
        this.neighbours = new Neighbours(resolver, NEIGHBOURS);
    }

    /**
     * Opens rtnetlink and the neighbour resolver, and removes the steering table a previous run may have left.
     *
     * @throws LinuxException when a socket cannot be opened (no CAP_NET_ADMIN)
     * @throws NftException   when nft is missing or refuses
     */
    public static LinuxHostNetwork open(DataplaneSettings settings) throws LinuxException, NftException {
        Rtnetlink rtnetlink = Rtnetlink.open();
        NftSteering steering = new NftSteering(NftSteering.DEFAULT_TABLE);
        NeighbourResolver resolver = null;
        try {
            if (steering.reconcile()) {
                LOG.warn("removed the steering table '{}' a previous run left behind", steering.table());
            }
            resolver = NeighbourResolver.open();
            resolver.start();
            return new LinuxHostNetwork(settings, rtnetlink, steering, resolver);
        } catch (NftException | LinuxException | RuntimeException e) {
            closeQuietly(rtnetlink, resolver);
            throw e;
        }
    }

    @Override
    public PacketPort openPort(String device) throws LinuxException {
        return TpacketPort.open(device, new TpacketConfig(settings.ringBlockSize(), settings.ringBlockCount(), FRAME_SIZE,
                RETIRE_MILLIS, TX_BLOCKS, TransmitMode.TX_RING, RING_VERSION));
    }

    @Override
    public Optional<String> deviceFor(InetAddress address) {
        try {
            for (IfAddress a : rtnetlink.addresses()) {
                if (a.address().equals(address)) {
                    return rtnetlink.link(a.index()).map(Link::name);
                }
            }
            Route route = rtnetlink.routeGet(address);
            return rtnetlink.link(route.outputIndex()).map(Link::name).filter(name -> !name.equals("lo"));
        } catch (LinuxException e) {
            LOG.debug("no route to {}: {}", address.getHostAddress(), e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void steer(Set<OwnedFlow> flows) throws NftException {
        steering.steer(flows);
    }

    @Override
    public NextHopTable nextHops() {
        return neighbours;
    }

    @Override
    public Runnable housekeeping() {
        return neighbours::applyResolutions;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            steering.close();
        } catch (NftException e) {
            LOG.error("could not remove the steering table '{}': {}", steering.table(), e.getMessage());
        }
        closeQuietly(rtnetlink, resolver);
    }

    private static void closeQuietly(Rtnetlink rtnetlink, NeighbourResolver resolver) {
        try {
            if (resolver != null) {
                resolver.close();
            }
            rtnetlink.close();
        } catch (Exception e) {
            LOG.warn("closing rtnetlink: {}", e.getMessage());
        }
    }
}
