package io.vigil.dataplane.api;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A {@link Dataplane} that forwards nothing and records every verb, in order, as a line of text
 * ({@code addService TCP 198.18.0.10:80 wlc}, {@code setRealServer ... 198.18.1.1:80 w=1 NAT}, {@code activate
 * [198.18.0.10]}, ...), and keeps the programmed state so that {@link #stats()} answers as a real one would with
 * zero traffic. For director tests that need no root.
 */
public final class RecordingDataplane implements Dataplane {

    private final List<String> calls = new ArrayList<>();
    private final Map<ServiceKey, Service> services = new LinkedHashMap<>();
    private final Map<ServiceKey, Map<InetSocketAddress, RealServer>> realServers = new LinkedHashMap<>();
    private final Set<InetAddress> active = new LinkedHashSet<>();
    private Timeouts timeouts = Timeouts.IPVS_DEFAULTS;
    private boolean closed;

    @Override
    public synchronized void addService(Service service) {
        calls.add("addService " + describe(service.key()) + " " + service.scheduler().ipvsName()
                + (service.persistent() ? " persistent " + service.persistenceSeconds() : ""));
        services.put(service.key(), service);
        realServers.computeIfAbsent(service.key(), k -> new LinkedHashMap<>());
    }

    @Override
    public synchronized void removeService(ServiceKey key) {
        calls.add("removeService " + describe(key));
        services.remove(key);
        realServers.remove(key);
    }

    @Override
    public synchronized void setRealServer(ServiceKey service, RealServer realServer) {
        if (!services.containsKey(service)) {
            throw new IllegalArgumentException("no service " + describe(service));
        }
        calls.add("setRealServer " + describe(service) + " " + realServer.address().getAddress().getHostAddress()
                + ":" + realServer.address().getPort() + " w=" + realServer.weight() + " " + realServer.method());
        realServers.get(service).put(realServer.address(), realServer);
    }

    @Override
    public synchronized void removeRealServer(ServiceKey service, InetSocketAddress realServer) {
        calls.add("removeRealServer " + describe(service) + " " + realServer.getAddress().getHostAddress() + ":"
                + realServer.getPort());
        Map<InetSocketAddress, RealServer> pool = realServers.get(service);
        if (pool != null) {
            pool.remove(realServer);
        }
    }

    @Override
    public synchronized void activate(Set<InetAddress> vips) {
        calls.add("activate " + vips.stream().map(InetAddress::getHostAddress).sorted().toList());
        active.clear();
        active.addAll(vips);
    }

    /** Records the batch as {@code atomically {} ... {@code }}. */
    @Override
    public synchronized void atomically(Runnable commands) {
        calls.add("atomically {");
        commands.run();
        calls.add("}");
    }

    @Override
    public synchronized void deactivate() {
        calls.add("deactivate");
        active.clear();
    }

    @Override
    public synchronized void configureSync(SyncDaemonConfig config) {
        calls.add("configureSync " + config.interfaceName() + " syncid " + config.syncId());
    }

    @Override
    public synchronized void syncRole(SyncRole role) {
        calls.add("syncRole " + role);
    }

    @Override
    public synchronized void setTimeouts(Timeouts timeouts) {
        calls.add("setTimeouts " + timeouts.tcpSeconds() + " " + timeouts.tcpFinSeconds() + " " + timeouts.udpSeconds());
        this.timeouts = timeouts;
    }

    @Override
    public synchronized DataplaneStats stats() {
        List<ServiceStats> out = new ArrayList<>();
        for (Service s : services.values()) {
            List<RealServerStats> rs = realServers.get(s.key()).values().stream()
                    .map(r -> new RealServerStats(r, 0, 0, 0, Counters.ZERO)).toList();
            out.add(new ServiceStats(s, s.key().address() != null && active.contains(s.key().address()), Counters.ZERO, rs));
        }
        Map<DropReason, Long> drops = new LinkedHashMap<>();
        for (DropReason r : DropReason.values()) {
            drops.put(r, 0L);
        }
        return new DataplaneStats(out, drops, 0, 0, List.of(), timeouts);
    }

    @Override
    public CompletionStage<List<ConnectionEntry>> connections() {
        return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            calls.add("close");
        }
        closed = true;
    }

    /** Every verb so far, in order. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    /** Forgets the recorded calls (not the state). */
    public synchronized void clearCalls() {
        calls.clear();
    }

    /** The VIPs currently active. */
    public synchronized Set<InetAddress> activeVips() {
        return Set.copyOf(active);
    }

    /** The destinations of a service, by address. */
    public synchronized Map<InetSocketAddress, RealServer> realServers(ServiceKey key) {
        Map<InetSocketAddress, RealServer> pool = realServers.get(key);
        return pool == null ? Map.of() : Map.copyOf(pool);
    }

    private static String describe(ServiceKey k) {
        if (k.isFwmark()) {
            return "FWM " + k.fwmark() + (k.ipv6() ? " IPv6" : "");
        }
        return k.protocol() + " " + k.address().getHostAddress() + ":" + k.port();
    }
}
