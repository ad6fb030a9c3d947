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
import io.vigil.dataplane.port.PortFactory;
import io.vigil.dataplane.port.PortGroup;
import io.vigil.dataplane.port.TpacketConfig;
import io.vigil.dataplane.port.TpacketPortFactory;
import io.vigil.dataplane.port.TransmitMode;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host network on Linux: packet ports from a {@link PortFactory} (TPACKET rings in a PACKET_FANOUT group by
 * default), nftables netdev-ingress steering (a stale table left by a killed run is removed at open), rtnetlink for
 * where addresses are, and one neighbour resolver for each worker, feeding that worker's {@link Neighbours} cache.
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

    private final PortFactory ports;
    private final Rtnetlink rtnetlink;
    private final NftSteering steering;
    private final List<NeighbourResolver> resolvers;
    private final List<Neighbours> neighbours = new ArrayList<>();
    private boolean closed;

    private LinuxHostNetwork(PortFactory ports, Rtnetlink rtnetlink, NftSteering steering,
                             List<NeighbourResolver> resolvers) {
        this.ports = ports;
        this.rtnetlink = rtnetlink;
        this.steering = steering;
        this.resolvers = resolvers;
        for (NeighbourResolver resolver : resolvers) {
            neighbours.add(new Neighbours(resolver, NEIGHBOURS));
        }
    }

    /** The TPACKET ports {@code settings} describe: V2 rings with a TX ring, joined in a fanout group per interface. */
    public static PortFactory tpacketPorts(DataplaneSettings settings) {
        return new TpacketPortFactory(new TpacketConfig(settings.ringBlockSize(), settings.ringBlockCount(),
                FRAME_SIZE, RETIRE_MILLIS, TX_BLOCKS, TransmitMode.TX_RING, RING_VERSION));
    }

    /**
     * Opens rtnetlink and the neighbour resolver, and removes the steering table a previous run may have left.
     *
     * @throws LinuxException when a socket cannot be opened (no CAP_NET_ADMIN)
     * @throws NftException   when nft is missing or refuses
     */
    public static LinuxHostNetwork open(DataplaneSettings settings) throws LinuxException, NftException {
        return open(settings, tpacketPorts(settings));
    }

    /**
     * As {@link #open(DataplaneSettings)}, with ports from {@code ports}, for {@link DataplaneSettings#workers()}
     * workers.
     */
    public static LinuxHostNetwork open(DataplaneSettings settings, PortFactory ports)
            throws LinuxException, NftException {
        Rtnetlink rtnetlink = Rtnetlink.open();
        NftSteering steering = new NftSteering(NftSteering.DEFAULT_TABLE);
        List<NeighbourResolver> resolvers = new ArrayList<>();
        try {
            if (steering.reconcile()) {
                LOG.warn("removed the steering table '{}' a previous run left behind", steering.table());
            }
            for (int i = 0; i < settings.workers(); i++) {
                NeighbourResolver resolver = NeighbourResolver.open();
                resolvers.add(resolver);
                resolver.start();
            }
            return new LinuxHostNetwork(ports, rtnetlink, steering, List.copyOf(resolvers));
        } catch (NftException | LinuxException | RuntimeException e) {
            closeQuietly(rtnetlink, resolvers);
            throw e;
        }
    }

    @Override
    public PortGroup openPorts(String device, int workers) throws Exception {
        return ports.open(device, workers);
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
    public NextHopTable nextHops(int worker) {
        return neighbours.get(worker);
    }

    @Override
    public Runnable housekeeping(int worker) {
        return neighbours.get(worker)::applyResolutions;
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
        closeQuietly(rtnetlink, resolvers);
    }

    private static void closeQuietly(Rtnetlink rtnetlink, List<NeighbourResolver> resolvers) {
        try {
            for (NeighbourResolver resolver : resolvers) {
                resolver.close();
            }
            rtnetlink.close();
        } catch (Exception e) {
            LOG.warn("closing rtnetlink: {}", e.getMessage());
        }
    }
}
