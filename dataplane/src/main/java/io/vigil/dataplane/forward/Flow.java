package io.vigil.dataplane.forward;

/**
 * The five-tuple of the packet being forwarded, as the parser fills it: one instance per worker, reused for every
 * packet (no allocation on the packet path). Addresses are {@link AddressWords} pairs.
 */
public final class Flow {

    private int protocol;
    private long sourceHigh;
    private long sourceLow;
    private int sourcePort;
    private long destinationHigh;
    private long destinationLow;
    private int destinationPort;

    /** Sets every field. */
    public Flow set(int protocol, long sourceHigh, long sourceLow, int sourcePort, long destinationHigh,
                    long destinationLow, int destinationPort) {
        this.protocol = protocol;
        this.sourceHigh = sourceHigh;
        this.sourceLow = sourceLow;
        this.sourcePort = sourcePort;
        this.destinationHigh = destinationHigh;
        this.destinationLow = destinationLow;
        this.destinationPort = destinationPort;
        return this;
    }

    /** The IP protocol number. */
    public int protocol() {
        return protocol;
    }

    public long sourceHigh() {
        return sourceHigh;
    }

    public long sourceLow() {
        return sourceLow;
    }

    public int sourcePort() {
        return sourcePort;
    }

    public long destinationHigh() {
        return destinationHigh;
    }

    public long destinationLow() {
        return destinationLow;
    }

    public int destinationPort() {
        return destinationPort;
    }

    /** Whether the addresses are IPv6 (not IPv4-mapped). */
    public boolean ipv6() {
        return !AddressWords.isV4(sourceHigh, sourceLow);
    }
}
