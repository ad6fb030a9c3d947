package io.vigil.dataplane.packet;

import java.lang.foreign.MemorySegment;

/**
 * IP in IP encapsulation (RFC 2003 §3): writes the outer IPv4 header in front of an inner IPv4 datagram, for the
 * LVS tunnelling method (director to real server).
 *
 * <pre>
 * +---------------------------+
 * |      Outer IP Header      |   protocol 4, source = director, destination = real server
 * +---------------------------+
 * |         IP Header         |   the client's datagram, unchanged
 * +---------------------------+
 * |         IP Payload        |
 * +---------------------------+
 * </pre>
 *
 * Per RFC 2003 §3.1 the outer Type of Service is copied from the inner header, Don't Fragment is set when the inner
 * header has it, Identification is a fresh value per datagram (a counter) and Time to Live is the configured one, or
 * the inner header's when configured as {@link #COPY_INNER_TTL} (as IPVS does). The caller checks the result against
 * the link MTU: a datagram with DF set that no longer fits calls for an ICMP fragmentation needed
 * ({@link IcmpErrorWriter}) with {@link #innerMtu(int)}.
 *
 * <p>Thread safety: none; one instance per worker thread (it owns the Identification counter). Allocation-free.
 */
public final class IpipEncapsulation {

    /** Octets the encapsulation adds: one IPv4 header without options. */
    public static final int OVERHEAD = Ipv4Header.MIN_LENGTH;
    /** A {@code ttl} that copies the inner Time to Live into the outer header. */
    public static final int COPY_INNER_TTL = 0;
    /** Returned when the inner datagram is not a whole IPv4 datagram. */
    public static final int NOT_IPV4 = -1;
    /** Returned when the outer datagram would exceed 65535 octets (RFC 791 Total Length) or the buffer. */
    public static final int TOO_LONG = -2;

    private static final int MAX_TOTAL_LENGTH = 0xFFFF;

    private final Ipv4Header outer = new Ipv4Header();
    private final Ipv4Header inner = new Ipv4Header();
    private final int ttl;
    private int identification;

    /**
     * @param ttl Time to Live of the outer header, 1 to 255, or {@link #COPY_INNER_TTL}
     * @param firstIdentification the Identification of the first outer header
     */
    public IpipEncapsulation(int ttl, int firstIdentification) {
        if (ttl < 0 || ttl > 255) {
            throw new IllegalArgumentException("IPIP outer TTL " + ttl + ", expected 1 to 255 or 0 to copy the inner TTL");
        }
        this.ttl = ttl;
        this.identification = firstIdentification;
    }

    /** The largest inner datagram that fits a link of {@code linkMtu} once encapsulated. */
    public static int innerMtu(int linkMtu) {
        return linkMtu - OVERHEAD;
    }

    /**
     * Writes the outer header at {@code outerOffset} of {@code buffer}, in front of the inner datagram of
     * {@code innerLength} octets already at {@code outerOffset + OVERHEAD}.
     *
     * @return the outer datagram's length, or {@link #NOT_IPV4} / {@link #TOO_LONG}
     */
    public int writeOuterHeader(MemorySegment buffer, long outerOffset, int innerLength, int source, int destination) {
        if (innerLength + OVERHEAD > MAX_TOTAL_LENGTH) {
            return TOO_LONG;
        }
        inner.wrap(buffer, outerOffset + OVERHEAD, innerLength);
        if (!inner.isTotalLengthValid()) {
            return NOT_IPV4;
        }
        int totalLength = inner.totalLength() + OVERHEAD;
        int flags = inner.dontFragment() ? Ipv4Header.FLAG_DONT_FRAGMENT : 0;
        int outerTtl = ttl == COPY_INNER_TTL ? inner.timeToLive() : ttl;
        outer.wrap(buffer, outerOffset, totalLength).write(inner.typeOfService(), totalLength, identification++,
                flags, outerTtl, IpProtocol.IPIP, source, destination);
        return totalLength;
    }

    /**
     * Copies the inner datagram of {@code innerLength} octets at {@code innerOffset} of {@code innerMemory} to
     * {@code outerOffset + OVERHEAD} of {@code buffer} and writes the outer header in front of it.
     *
     * @return the outer datagram's length, or {@link #NOT_IPV4} / {@link #TOO_LONG} (also when {@code buffer} is
     *     shorter than that)
     */
    public int encapsulate(MemorySegment innerMemory, long innerOffset, int innerLength, MemorySegment buffer,
            long outerOffset, int source, int destination) {
        if (outerOffset + OVERHEAD + innerLength > buffer.byteSize()) {
            return TOO_LONG;
        }
        MemorySegment.copy(innerMemory, innerOffset, buffer, outerOffset + OVERHEAD, innerLength);
        return writeOuterHeader(buffer, outerOffset, innerLength, source, destination);
    }
}
