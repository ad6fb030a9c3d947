package io.vigil.director.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.netty.util.NetUtil;
import io.vigil.dataplane.api.Counters;
import io.vigil.dataplane.api.DataplaneStats;
import io.vigil.dataplane.api.DropReason;
import io.vigil.dataplane.api.PortStats;
import io.vigil.dataplane.api.RealServerStats;
import io.vigil.dataplane.api.ServiceKey;
import io.vigil.dataplane.api.ServiceStats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The dataplane's metrics, read from {@link DataplaneStats} at scrape time. node_exporter's IPVS names
 * (collector/ipvs_linux.go): {@code node_ipvs_connections_total}, {@code node_ipvs_incoming_packets_total},
 * {@code node_ipvs_outgoing_packets_total}, {@code node_ipvs_incoming_bytes_total} and
 * {@code node_ipvs_outgoing_bytes_total}, unlabelled, summed over the services (a removed service takes its share
 * with it, which Prometheus reads as a counter reset); {@code node_ipvs_backend_connections_active},
 * {@code node_ipvs_backend_connections_inactive} and {@code node_ipvs_backend_weight}, one series per real server
 * of each service, labelled {@code local_address, local_port, local_mark, proto, remote_address, remote_port} as
 * node_exporter reads /proc/net/ip_vs: a fwmark service has {@code proto="FWM"}, an empty local_address,
 * local_port 0 and the mark as the kernel prints it ({@code %08X}: mark 7 is {@code 00000007}); series with equal
 * labels are summed, as node_exporter does. Vigil's own: {@code vigil_dataplane_drops_total{reason}},
 * {@code vigil_dataplane_port_frames_total{device,direction}} ({@code received}, {@code transmitted}),
 * {@code vigil_dataplane_port_ring_drops_total{device}}, {@code vigil_dataplane_port_handoffs_total{device}}
 * (frames one worker handed to another, AF_XDP with several workers), {@code vigil_dataplane_connections} and
 * {@code vigil_dataplane_connections_capacity}.
 *
 * <p>Every meter reads one snapshot of the stats, taken at most once a second, so a scrape reads the dataplane
 * once. Series for real servers and ports that come or go are added and removed by {@link #refresh}, which the
 * owner calls periodically (with the rate estimator's tick); until then a gone series reads NaN. Threading:
 * {@link #refresh} from one thread; meters may be read from any thread.
 */
public final class DataplaneMetrics {

    /** How long one snapshot of the stats serves the meters: longer than a scrape, shorter than any scrape interval. */
    static final long SNAPSHOT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final String[] BACKEND_METRICS = {"node.ipvs.backend.connections.active",
            "node.ipvs.backend.connections.inactive", "node.ipvs.backend.weight"};
    private static final String[] BACKEND_HELP = {"The current active connections by local and remote address.",
            "The current inactive connections by local and remote address.",
            "The current backend weight by local and remote address."};

    private final MeterRegistry registry;
    private final Supplier<DataplaneStats> source;
    private final LongSupplier nanoClock;
    private final Map<Backend, List<Meter>> backends = new HashMap<>();
    private final Map<String, List<Meter>> ports = new HashMap<>();
    private Snapshot snapshot;

    /** The labels of one node_ipvs_backend_* series. */
    private record Backend(String localAddress, String localPort, String localMark, String proto,
                           String remoteAddress, String remotePort) {

        Tags tags() {
            return Tags.of("local_address", localAddress, "local_port", localPort, "local_mark", localMark,
                    "proto", proto, "remote_address", remoteAddress, "remote_port", remotePort);
        }
    }

    /** One reading of the stats, indexed for the meters. */
    private record Snapshot(long readNanos, DataplaneStats stats, Counters total, Map<Backend, long[]> backends,
                            Map<String, long[]> ports) {
    }

    /** Registers the meters; {@code stats} is read at scrape time. */
    public DataplaneMetrics(MeterRegistry registry, Supplier<DataplaneStats> stats) {
        this(registry, stats, System::nanoTime);
    }

    /** As above, with the clock that ages the snapshot (tests pass their own). */
    public DataplaneMetrics(MeterRegistry registry, Supplier<DataplaneStats> stats, LongSupplier nanoClock) {
        this.registry = registry;
        this.source = stats;
        this.nanoClock = nanoClock;
        total("node.ipvs.connections", "The total number of connections made.", Counters::connections);
        total("node.ipvs.incoming.packets", "The total number of incoming packets.", Counters::packetsIn);
        total("node.ipvs.outgoing.packets", "The total number of outgoing packets.", Counters::packetsOut);
        total("node.ipvs.incoming.bytes", "The total amount of incoming data.", Counters::bytesIn);
        total("node.ipvs.outgoing.bytes", "The total amount of outgoing data.", Counters::bytesOut);
        for (DropReason reason : DropReason.values()) {
            FunctionCounter.builder("vigil.dataplane.drops", this,
                            m -> m.snapshot().stats().drops().getOrDefault(reason, 0L))
                    .description("Packets the dataplane owned and dropped, by reason").tag("reason", reason.label())
                    .register(registry);
        }
        Gauge.builder("vigil.dataplane.connections", this, m -> m.snapshot().stats().connections())
                .description("Entries in the connection table, persistence templates included").register(registry);
        Gauge.builder("vigil.dataplane.connections.capacity", this, m -> m.snapshot().stats().connectionCapacity())
                .description("The connection table's capacity: new flows are dropped when it is full")
                .register(registry);
        refresh();
    }

    /** Adds the series of new real servers and ports, and removes those of gone ones. Call from one thread. */
    public synchronized void refresh() {
        snapshot = read();
        reconcile(backends, snapshot.backends().keySet(), this::registerBackend);
        reconcile(ports, snapshot.ports().keySet(), this::registerPort);
    }

    private <K> void reconcile(Map<K, List<Meter>> registered, Set<K> wanted, Function<K, List<Meter>> register) {
        registered.entrySet().removeIf(e -> {
            if (!wanted.contains(e.getKey())) {
                e.getValue().forEach(registry::remove);
                return true;
            }
            return false;
        });
        for (K key : wanted) {
            registered.computeIfAbsent(key, register);
        }
    }

    private void total(String name, String help, ToDoubleFunction<Counters> field) {
        FunctionCounter.builder(name, this, m -> field.applyAsDouble(m.snapshot().total())).description(help)
                .register(registry);
    }

    private List<Meter> registerBackend(Backend b) {
        List<Meter> meters = new ArrayList<>();
        for (int i = 0; i < BACKEND_METRICS.length; i++) {
            int field = i;
            meters.add(Gauge.builder(BACKEND_METRICS[i], this, m -> m.backend(b, field)).description(BACKEND_HELP[i])
                    .tags(b.tags()).register(registry));
        }
        return meters;
    }

    private List<Meter> registerPort(String device) {
        return List.of(
                FunctionCounter.builder("vigil.dataplane.port.frames", this, m -> m.port(device, 0))
                        .description("Frames the packet ports received from and transmitted to the device")
                        .tags("device", device, "direction", "received").register(registry),
                FunctionCounter.builder("vigil.dataplane.port.frames", this, m -> m.port(device, 1))
                        .description("Frames the packet ports received from and transmitted to the device")
                        .tags("device", device, "direction", "transmitted").register(registry),
                FunctionCounter.builder("vigil.dataplane.port.ring.drops", this, m -> m.port(device, 2))
                        .description("Frames the kernel dropped because a receive ring was full")
                        .tag("device", device).register(registry),
                FunctionCounter.builder("vigil.dataplane.port.handoffs", this, m -> m.port(device, 3))
                        .description("Frames a worker handed to the worker that owns their flow (AF_XDP, several "
                                + "workers)").tag("device", device).register(registry));
    }

    private double backend(Backend b, int field) {
        long[] values = snapshot().backends().get(b);
        return values == null ? Double.NaN : values[field];
    }

    private double port(String device, int field) {
        long[] values = snapshot().ports().get(device);
        return values == null ? Double.NaN : values[field];
    }

    private synchronized Snapshot snapshot() {
        if (snapshot == null || nanoClock.getAsLong() - snapshot.readNanos() >= SNAPSHOT_NANOS) {
            snapshot = read();
        }
        return snapshot;
    }

    private Snapshot read() {
        DataplaneStats stats = source.get();
        Counters total = Counters.ZERO;
        Map<Backend, long[]> backendValues = new LinkedHashMap<>();
        for (ServiceStats s : stats.services()) {
            total = total.plus(s.counters());
            for (RealServerStats rs : s.realServers()) {
                long[] v = backendValues.computeIfAbsent(backend(s.service().key(), rs), b -> new long[3]);
                v[0] += rs.activeConnections();
                v[1] += rs.inactiveConnections();
                v[2] += rs.realServer().weight();
            }
        }
        Map<String, long[]> portValues = new LinkedHashMap<>();
        for (PortStats p : stats.ports()) {
            long[] v = portValues.computeIfAbsent(p.device(), d -> new long[4]);
            v[0] += p.received();
            v[1] += p.transmitted();
            v[2] += p.ringDrops();
            v[3] += p.handedOff();
        }
        return new Snapshot(nanoClock.getAsLong(), stats, total, backendValues, portValues);
    }

    private static Backend backend(ServiceKey key, RealServerStats rs) {
        boolean mark = key.isFwmark();
        return new Backend(mark ? "" : NetUtil.toAddressString(key.address()),
                mark ? "0" : Integer.toString(key.port()),
                mark ? String.format(Locale.ROOT, "%08X", key.fwmark()) : "",
                mark ? "FWM" : key.protocol().name(),
                NetUtil.toAddressString(rs.realServer().address().getAddress()),
                Integer.toString(rs.realServer().address().getPort()));
    }
}
