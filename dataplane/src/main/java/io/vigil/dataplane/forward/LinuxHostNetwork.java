package io.vigil.dataplane.forward;

import io.vigil.dataplane.api.DataplaneBackend;
import io.vigil.dataplane.api.DataplaneSettings;
import io.vigil.dataplane.linux.LinuxException;
import io.vigil.dataplane.linux.NeighbourResolver;
import io.vigil.dataplane.linux.NftException;
import io.vigil.dataplane.linux.NftSteering;
import io.vigil.dataplane.linux.OwnedFlow;
import io.vigil.dataplane.linux.RingVersion;
import io.vigil.dataplane.linux.Rtnetlink;
import io.vigil.dataplane.linux.SteeringEntry;
import io.vigil.dataplane.linux.netlink.IfAddress;
import io.vigil.dataplane.linux.netlink.Link;
import io.vigil.dataplane.linux.netlink.Route;
import io.vigil.dataplane.port.FlowPartition;
import io.vigil.dataplane.port.PacketPort;
import io.vigil.dataplane.port.PortFactory;
import io.vigil.dataplane.port.PortGroup;
import io.vigil.dataplane.port.TpacketConfig;
import io.vigil.dataplane.port.TpacketPortFactory;
import io.vigil.dataplane.port.TransmitMode;
import io.vigil.dataplane.port.XdpConfig;
import io.vigil.dataplane.port.XdpPortGroup;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host network on Linux: packet ports of the configured {@link DataplaneBackend} (AF_XDP with Vigil's XDP
 * program, or TPACKET rings in a PACKET_FANOUT group with nftables netdev-ingress steering; {@code auto} takes XDP
 * per interface where it opens and says which it chose), rtnetlink for where addresses are, and one neighbour
 * resolver for each worker, feeding that worker's {@link Neighbours} cache. A stale nft table (and, per device at
 * open, a stale XDP program) left by a killed run is removed. Steering goes to the XDP program's map for flows on an
 * XDP port's device and to nftables for the rest. With several workers both backends give each worker its own
 * port on every interface: TPACKET joins them in a PACKET_FANOUT group, XDP splits the interface's receive queues
 * among them and the workers hand each other the frames of the flows they own ({@link XdpPortGroup}).
 *
 * <p>Threading: as {@link HostNetwork} says; the rtnetlink socket and the XDP ports' steering are used by the
 * control thread only.
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
    /** Ports given by the caller (tests), or null: ports of {@code settings.backend()}. */
    private final PortFactory ports;
    private final Rtnetlink rtnetlink;
    private final NftSteering steering;
    private final List<NeighbourResolver> resolvers;
    private final List<Neighbours> neighbours = new ArrayList<>();
    /** XDP ports by device: their flows are steered by the program's map, not by nftables. Control thread. */
    private final Map<String, XdpPortGroup> xdpPorts = new ConcurrentHashMap<>();
    private boolean closed;

    private LinuxHostNetwork(DataplaneSettings settings, PortFactory ports, Rtnetlink rtnetlink, NftSteering steering,
                             List<NeighbourResolver> resolvers) {
        this.settings = settings;
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
        return open(settings, null);
    }

    /**
     * As {@link #open(DataplaneSettings)}, with ports from {@code ports} (null: the configured backend's), for
     * {@link DataplaneSettings#workers()} workers.
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
            return new LinuxHostNetwork(settings, ports, rtnetlink, steering, List.copyOf(resolvers));
        } catch (NftException | LinuxException | RuntimeException e) {
            closeQuietly(rtnetlink, resolvers);
            throw e;
        }
    }

    /**
     * Opens the ports of the configured backend, one per worker; with {@code auto}, XDP ports when the kernel and the
     * driver accept the program and the sockets, TPACKET ports otherwise (the log says which and why).
     */
    @Override
    public PortGroup openPorts(String device, int workers) throws Exception {
        if (ports != null) {
            return ports.open(device, workers);
        }
        DataplaneBackend backend = settings.backend();
        if (backend != DataplaneBackend.TPACKET) {
            try {
                XdpPortGroup group = XdpPortGroup.open(device, XdpConfig.defaults().withBusyPoll(settings.busyPoll()),
                        workers);
                xdpPorts.put(device, group);
                LOG.info("dataplane backend on {}: xdp ({} mode, {}, {} queue(s) for {} worker(s){}){}", device,
                        group.attachment().mode().name().toLowerCase(Locale.ROOT), group.zeroCopy() ? "zero-copy" : "copy",
                        group.queueCount(), workers, settings.busyPoll() ? ", preferred busy polling" : "",
                        backend == DataplaneBackend.AUTO ? ", chosen by auto" : "");
                if (workers > group.queueCount()) {
                    LOG.info("{} has {} receive queue(s) for {} workers: the workers without one receive their flows "
                            + "from the others and send through them (ethtool -L {} combined {} gives each its own)",
                            device, group.queueCount(), workers, device, workers);
                }
                if (settings.busyPoll() && busyPollNapiId(group) == 0) {
                    LOG.warn("vigil.dataplane.busy-poll is on, but the kernel gave the AF_XDP socket on {} no NAPI to "
                            + "poll at bind (since Linux 6.13 only drivers that register their queues' NAPIs get one; "
                            + "veth does not): its softirq or NAPI thread keeps receiving", device);
                }
                return new XdpGroup(group, xdpPorts);
            } catch (LinuxException e) {
                if (backend == DataplaneBackend.XDP) {
                    throw e;
                }
                LOG.info("dataplane backend on {}: tpacket, chosen by auto because XDP is not available: {}", device,
                        e.getMessage());
            }
        } else {
            LOG.info("dataplane backend on {}: tpacket", device);
        }
        return tpacketPorts(settings).open(device, workers);
    }

    /** The NAPI id an XDP port busy-polls; 0 also when the kernel does not say (the setting is then only a wish). */
    private static int busyPollNapiId(XdpPortGroup group) {
        try {
            return group.busyPollNapiId();
        } catch (LinuxException e) {
            LOG.debug("SO_INCOMING_NAPI_ID on {}: {}", group.device(), e.getMessage());
            return 0;
        }
    }

    /** The XDP ports of {@code device}; closing them forgets them for steering. Control thread. */
    private record XdpGroup(XdpPortGroup group, Map<String, XdpPortGroup> registry) implements PortGroup {

        @Override
        public String device() {
            return group.device();
        }

        @Override
        public int workers() {
            return group.workers();
        }

        @Override
        public PacketPort port(int worker) {
            return group.port(worker);
        }

        @Override
        public void partition(FlowPartition partition) {
            group.partition(partition);
        }

        @Override
        public void close() {
            registry.remove(group.device(), group);
            group.close();
        }
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

    /**
     * Flows on an XDP port's device go into its program's map, together with the director's own addresses (so that
     * answers to its health checks stay with the kernel); the rest into the nftables table.
     */
    @Override
    public void steer(Set<OwnedFlow> flows) throws NftException, LinuxException {
        Set<OwnedFlow> nft = new LinkedHashSet<>();
        Map<String, Set<SteeringEntry>> xdp = new HashMap<>();
        xdpPorts.keySet().forEach(d -> xdp.put(d, new LinkedHashSet<>()));
        for (OwnedFlow f : flows) {
            Set<SteeringEntry> entries = xdp.get(f.device());
            if (entries != null) {
                entries.add(SteeringEntry.of(f));
            } else {
                nft.add(f);
            }
        }
        if (!xdp.isEmpty()) {
            List<SteeringEntry> local = new ArrayList<>();
            for (IfAddress a : rtnetlink.addresses()) {
                local.add(SteeringEntry.local(a.address()));
            }
            for (Map.Entry<String, Set<SteeringEntry>> e : xdp.entrySet()) {
                if (!e.getValue().isEmpty()) {
                    e.getValue().addAll(local);
                }
                xdpPorts.get(e.getKey()).attachment().steer(e.getValue());
            }
        }
        if (!nft.isEmpty() || !steering.owned().isEmpty()) {
            steering.steer(nft);
        }
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
    public void onHousekeepingNews(int worker, Runnable wakeUp) {
        resolvers.get(worker).onResults(wakeUp);
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
