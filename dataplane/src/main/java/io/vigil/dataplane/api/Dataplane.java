package io.vigil.dataplane.api;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The verbs the director uses to program packet forwarding, as {@code ipvsadm} does IPVS's. Every verb is a command
 * queued to the dataplane's workers and applied between two batches of packets, in the order given; none blocks on
 * packet I/O. Services and real servers are programmed whether or not their VIP is active: {@link #activate}
 * decides which services forward. Thread-safe.
 */
public interface Dataplane extends AutoCloseable {

    /** Adds a service, or updates its scheduler, flags and persistence (its destinations and flows stay). */
    void addService(Service service);

    /** Removes a service, its destinations and its connections. Unknown services are ignored. */
    void removeService(ServiceKey key);

    /**
     * Adds a destination to a service, or updates its weight, method and thresholds. A weight of 0 quiesces it.
     *
     * @throws IllegalArgumentException when the service is unknown, or the method is NAT with a port that differs
     *                                  on a fwmark service
     */
    void setRealServer(ServiceKey service, RealServer realServer);

    /** Removes a destination: no new flows; its connections are dropped as they arrive (expire_nodest_conn=0). */
    void removeRealServer(ServiceKey service, InetSocketAddress realServer);

    /** The VIPs this director is MASTER for, replacing the previous set: only their services are steered and forwarded. */
    void activate(Set<InetAddress> vips);

    /**
     * The device each of these VIPs' traffic arrives on, replacing the previous map: for VIPs that routers send here
     * by a route this director announces (active-active) rather than by the VIP held on an Ethernet device. Other
     * VIPs go by the device that holds the address, or the route to it. Completes once the ports are open and the
     * services' flows steered on those devices, so that an announcement made then never draws traffic the kernel
     * would answer (a VIP on the TUN device is local: a SYN would get a reset). The default ignores the map, for
     * dataplanes without devices.
     */
    default CompletionStage<Void> ingressDevices(Map<InetAddress, String> devices) {
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    /** Stops forwarding everything and removes the steering; services and connections stay programmed. */
    void deactivate();

    /** Sets the TCP, TCP FIN and UDP timeouts ({@code lvs_timeouts}). */
    void setTimeouts(Timeouts timeouts);

    /**
     * Runs {@code commands} (calls of this dataplane's verbs) as one batch: a {@link #stats()} asked for from
     * another thread sees every one of them applied or none (a reload is listed and scraped whole). The default
     * just runs them, for implementations whose stats are never taken concurrently.
     */
    default void atomically(Runnable commands) {
        commands.run();
    }

    /** Counters and state, read without stopping the workers (each number is consistent, the set approximately). */
    DataplaneStats stats();

    /** The connection table, as the worker sees it between two batches. */
    CompletionStage<List<ConnectionEntry>> connections();

    /**
     * Configures IPVS connection sync ({@code lvs_sync_daemon}) in role {@link SyncRole#NONE}; {@link #syncRole}
     * starts it. Replaces an earlier configuration.
     */
    default void configureSync(SyncDaemonConfig config) {
        throw new UnsupportedOperationException("this dataplane does not sync connections");
    }

    /** Sends (MASTER), receives (BACKUP) or neither (NONE), as the sync daemon's VRRP instance is. */
    default void syncRole(SyncRole role) {
    }

    /** The sync daemon's role and counters ({@link SyncStats#OFF} without one). */
    default SyncStats syncStats() {
        return SyncStats.OFF;
    }

    /** Stops the workers and removes every trace from the kernel (steering rules). Idempotent. */
    @Override
    void close();
}
