package io.vigil.dataplane.forward;

import io.vigil.dataplane.linux.OwnedFlow;
import io.vigil.dataplane.port.PortGroup;
import java.net.InetAddress;
import java.util.Optional;
import java.util.Set;

/**
 * What the dataplane needs from the host's network stack, as verbs: ports on interfaces, the steering that keeps
 * the kernel off the owned flows, where addresses are, and the next hops. The Linux implementation uses
 * TPACKET_V3, nftables and rtnetlink; tests use an in-memory one.
 *
 * <p>Threading: called from the dataplane's control thread, except {@link #nextHops(int)} (worker {@code i}'s own)
 * and {@link #housekeeping(int)} (run on worker {@code i} between batches); {@link #onHousekeepingNews} before
 * the workers start.
 */
public interface HostNetwork extends AutoCloseable {

    /** Opens the packet ports of {@code device}, one for each of {@code workers} workers. */
    PortGroup openPorts(String device, int workers) throws Exception;

    /** The interface that holds {@code local} (a VIP), or that the route to {@code remote} leaves by. */
    Optional<String> deviceFor(InetAddress address);

    /** Makes the kernel leave exactly these flows to the dataplane (an empty set removes the steering). */
    void steer(Set<OwnedFlow> flows) throws Exception;

    /** Worker {@code worker}'s next-hop cache (each worker has its own, 0 &lt;= worker &lt; the workers opened for). */
    NextHopTable nextHops(int worker);

    /** Work worker {@code worker} runs every few milliseconds (e.g. taking in resolved neighbours). */
    Runnable housekeeping(int worker);

    /**
     * From now on {@code wakeUp} runs (on another thread) whenever worker {@code worker}'s {@link #housekeeping}
     * has news to take in, so that an idle worker waiting for frames takes it at once.
     */
    void onHousekeepingNews(int worker, Runnable wakeUp);

    /** Removes the steering and releases everything. Idempotent. */
    @Override
    void close();
}
