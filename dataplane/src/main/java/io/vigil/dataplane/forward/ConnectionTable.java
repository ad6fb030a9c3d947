package io.vigil.dataplane.forward;

import io.vigil.dataplane.api.Timeouts;

/**
 * SKELETON: the contract the forwarder codes against; the implementation lands with the conntable work.
 *
 * IPVS's connection table (net/netfilter/ipvs/ip_vs_conn.c), bounded and allocation-free: connections keyed on
 * (protocol, client address:port, virtual address:port), each findable too by its reverse key (protocol, real
 * server address:port, client address:port) for NAT replies; persistence templates keyed on (service, masked
 * client address). Slots are ints; -1 means none. Owned by one worker thread.
 *
 * The table keeps each {@link Destination}'s ActiveConn/InActConn and template counts current (through the
 * {@link DestinationRegistry}): it calls {@code connectionOpened}, {@code connectionStateChanged},
 * {@code connectionClosed} and {@code templateChanged}.
 */
public final class ConnectionTable {

    /**
     * @param capacity     the most entries (connections and templates) it will ever hold; memory is allocated once
     * @param timeouts     the TCP, TCP FIN and UDP timeouts
     * @param destinations resolves the destination ids stored in entries
     */
    public ConnectionTable(int capacity, Timeouts timeouts, DestinationRegistry destinations) {
        throw new UnsupportedOperationException("skeleton");
    }

    public void setTimeouts(Timeouts timeouts) {
        throw new UnsupportedOperationException("skeleton");
    }

    public int capacity() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Entries held, templates included. */
    public int size() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The connection of a client-to-VIP packet, or -1. */
    public int findInbound(int protocol, long clientHigh, long clientLow, int clientPort, long virtualHigh,
                           long virtualLow, int virtualPort) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The connection of a real-server-to-client packet (NAT reply), or -1. */
    public int findOutbound(int protocol, long realHigh, long realLow, int realPort, long clientHigh, long clientLow,
                            int clientPort) {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * A new connection, in the state the first packet gives it (for TCP, IPVS's state table from NONE with
     * {@code tcpFlags}; UDP is its one state), or -1 when the table is full.
     */
    public int open(int protocol, long clientHigh, long clientLow, int clientPort, long virtualHigh, long virtualLow,
                    int virtualPort, Destination destination, int serviceId, int tcpFlags, long nowNanos) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** A packet of connection {@code slot}: TCP state step for its direction, timeout refreshed. */
    public void update(int slot, boolean inbound, int tcpFlags, long nowNanos) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The destination id of entry {@code slot}. */
    public int destinationId(int slot) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The service id of entry {@code slot}. */
    public int serviceId(int slot) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The persistence template of (service, masked client address), or -1. */
    public int findTemplate(int serviceId, long maskedClientHigh, long maskedClientLow) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** A new template that expires {@code timeoutSeconds} after its last connection ends, or -1 when full. */
    public int openTemplate(int serviceId, long maskedClientHigh, long maskedClientLow, Destination destination,
                            int timeoutSeconds, long nowNanos) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** A connection was opened through template {@code slot}: its timer starts again. */
    public void touchTemplate(int slot, long nowNanos) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Expires what is due at {@code nowNanos}; returns how many entries went. */
    public int expire(long nowNanos) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Removes every entry of a service (it was deleted). */
    public void removeService(int serviceId) {
        throw new UnsupportedOperationException("skeleton");
    }
}
