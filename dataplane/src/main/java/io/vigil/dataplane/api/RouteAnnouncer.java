package io.vigil.dataplane.api;

import java.net.InetAddress;
import java.util.Set;

/**
 * Announces VIPs to the host's routing daemon (BIRD) for active-active directors: while a VIP is announced the host
 * holds a route to it (a /32 or /128) that the daemon exports by BGP; withdrawing it removes the route. The route is
 * tied to the life of this process, so a crash withdraws it too (the kernel removes it), and Vigil never speaks BGP
 * itself.
 *
 * <p>Thread safety: the owner's thread only (the director's conductor, under its lock).
 */
public interface RouteAnnouncer extends AutoCloseable {

    /**
     * Announces {@code vip}; nothing when it is announced already.
     *
     * @throws IllegalStateException when the host refuses (the message says what and why)
     */
    void announce(InetAddress vip);

    /** Withdraws {@code vip}; nothing when it is not announced. A failure is logged, never thrown. */
    void withdraw(InetAddress vip);

    /** The VIPs announced now. */
    Set<InetAddress> announced();

    /** Withdraws every VIP; idempotent. */
    @Override
    void close();
}
