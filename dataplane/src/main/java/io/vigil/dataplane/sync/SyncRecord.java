package io.vigil.dataplane.sync;

import io.vigil.dataplane.forward.AddressWords;

/**
 * One connection (or persistence template) as the sync protocol carries it, in primitives: what the decoder fills
 * from an entry and the encoder writes into one. Addresses are {@link AddressWords} pairs (IPv4 held IPv4-mapped).
 * Reused: one instance per decoder, encoder or queue reader, so nothing is allocated per connection.
 *
 * <p>Threading: mutable, confined to the thread that owns it.
 */
public final class SyncRecord {

    /** Whether the addresses are IPv6 (Type bit 0). */
    public boolean ipv6;
    /** The IP protocol number (for a template of a firewall-mark service, IPPROTO_IP as IPVS sends it). */
    public int protocol;
    /** {@code IP_VS_CONN_F_*} ({@link SyncProtocol#FLAG_TEMPLATE}, ...). */
    public int flags;
    /** IPVS's state code (TCP: ip_vs_proto_tcp.c's; UDP: 0). */
    public int state;
    public int clientPort;
    public int virtualPort;
    public int destinationPort;
    public int fwmark;
    /** The connection's timeout in its state, seconds (0 in v0 messages: the receiver's own per-state timeout). */
    public long timeoutSeconds;
    public long clientHigh;
    public long clientLow;
    public long virtualHigh;
    public long virtualLow;
    public long destinationHigh;
    public long destinationLow;
    /** Whether the sequence option is present, and its six words: in (init, delta, previous), out (same). */
    public boolean hasSequence;
    public final int[] sequence = new int[6];
    /** Persistence-engine data and name ({@code IPVS_OPT_PE_DATA}, {@code IPVS_OPT_PE_NAME}); lengths 0 when absent. */
    public int peDataLength;
    public final byte[] peData = new byte[SyncProtocol.PE_DATA_MAX_LENGTH];
    public int peNameLength;
    public final byte[] peName = new byte[SyncProtocol.PE_NAME_MAX_LENGTH];
    /** When the worker queued it ({@link System#nanoTime()}), for the sync lag; 0 when unknown. */
    public long queuedAtNanos;

    /** Whether this is a persistence template. */
    public boolean template() {
        return (flags & SyncProtocol.FLAG_TEMPLATE) != 0;
    }

    /** Resets every field, before a fresh fill. */
    public SyncRecord clear() {
        ipv6 = false;
        protocol = 0;
        flags = 0;
        state = 0;
        clientPort = 0;
        virtualPort = 0;
        destinationPort = 0;
        fwmark = 0;
        timeoutSeconds = 0;
        clientHigh = 0;
        clientLow = 0;
        virtualHigh = 0;
        virtualLow = 0;
        destinationHigh = 0;
        destinationLow = 0;
        hasSequence = false;
        java.util.Arrays.fill(sequence, 0);
        peDataLength = 0;
        peNameLength = 0;
        queuedAtNanos = 0;
        return this;
    }

    /** Copies every field of {@code other} into this one. */
    public SyncRecord copyFrom(SyncRecord other) {
        ipv6 = other.ipv6;
        protocol = other.protocol;
        flags = other.flags;
        state = other.state;
        clientPort = other.clientPort;
        virtualPort = other.virtualPort;
        destinationPort = other.destinationPort;
        fwmark = other.fwmark;
        timeoutSeconds = other.timeoutSeconds;
        clientHigh = other.clientHigh;
        clientLow = other.clientLow;
        virtualHigh = other.virtualHigh;
        virtualLow = other.virtualLow;
        destinationHigh = other.destinationHigh;
        destinationLow = other.destinationLow;
        hasSequence = other.hasSequence;
        System.arraycopy(other.sequence, 0, sequence, 0, sequence.length);
        peDataLength = other.peDataLength;
        System.arraycopy(other.peData, 0, peData, 0, other.peDataLength);
        peNameLength = other.peNameLength;
        System.arraycopy(other.peName, 0, peName, 0, other.peNameLength);
        queuedAtNanos = other.queuedAtNanos;
        return this;
    }
}
