package io.vigil.dataplane.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * RFC 1624 incremental updates against full recomputation (RFC 1071 over the whole message): random messages,
 * random rewrites, the incremental checksum must equal the recomputed one, value for value.
 */
class ChecksumUpdateTest {

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /** Where the rewritable body of a {@link #checksummed} message starts. */
    private static final int BODY = 4;

    private final Ipv4Header ip4 = new Ipv4Header();
    private final Ipv6Header ip6 = new Ipv6Header();
    private final TcpHeader tcp = new TcpHeader();
    private final UdpHeader udp = new UdpHeader();

    @Property
    void update16EqualsRecomputation(@ForAll @Size(min = 2, max = 64) byte[] body, @ForAll int position,
            @ForAll int newWord) {
        MemorySegment message = checksummed(body);
        long at = BODY + 2L * Math.floorMod(position, body.length / 2);
        int old = Short.toUnsignedInt(message.get(U16, at));
        message.set(U16, at, (short) newWord);
        int incremental = ChecksumUpdate.update16(message.get(U16, 0) & 0xFFFF, old, newWord & 0xFFFF);
        assertEquals(recomputed(message), incremental);
    }

    @Property
    void update32EqualsRecomputation(@ForAll @Size(min = 4, max = 64) byte[] body, @ForAll int position,
            @ForAll int newWord) {
        MemorySegment message = checksummed(body);
        long at = BODY + 2L * Math.floorMod(position, (body.length - 4) / 2 + 1);
        int old = message.get(U32, at);
        message.set(U32, at, newWord);
        assertEquals(recomputed(message), ChecksumUpdate.update32(message.get(U16, 0) & 0xFFFF, old, newWord));
    }

    @Property
    void update128EqualsRecomputation(@ForAll @Size(min = 16, max = 64) byte[] body, @ForAll int position,
            @ForAll long newHigh, @ForAll long newLow) {
        MemorySegment message = checksummed(body);
        long at = BODY + 2L * Math.floorMod(position, (body.length - 16) / 2 + 1);
        long oldHigh = message.get(U64, at);
        long oldLow = message.get(U64, at + 8);
        message.set(U64, at, newHigh);
        message.set(U64, at + 8, newLow);
        assertEquals(recomputed(message),
                ChecksumUpdate.update128(message.get(U16, 0) & 0xFFFF, oldHigh, oldLow, newHigh, newLow));
    }

    @Property
    void ipv4TcpNatRewriteEqualsRecomputation(@ForAll int source, @ForAll int destination,
            @ForAll @IntRange(max = 0xFFFF) int sourcePort, @ForAll @IntRange(max = 0xFFFF) int destinationPort,
            @ForAll @Size(max = 64) byte[] data, @ForAll int newAddress,
            @ForAll @IntRange(max = 0xFFFF) int newPort, @ForAll boolean rewriteSource,
            @ForAll @IntRange(min = 1, max = 255) int ttl) {
        MemorySegment packet = ipv4Packet(IpProtocol.TCP, source, destination, sourcePort, destinationPort, data, ttl);
        if (rewriteSource) {
            ip4.sourceAddress(newAddress);
            tcp.ipv4AddressChanged(source, newAddress).sourcePort(newPort);
        } else {
            ip4.destinationAddress(newAddress);
            tcp.ipv4AddressChanged(destination, newAddress).destinationPort(newPort);
        }
        ip4.timeToLive(ttl - 1);
        int incrementalIp = ip4.headerChecksum();
        int incrementalTcp = tcp.checksum();
        assertEquals(ip4.recomputeHeaderChecksum().headerChecksum(), incrementalIp);
        assertEquals(tcp.recomputeChecksum(ip4.pseudoHeaderSum(tcp.length())).checksum(), incrementalTcp);
        assertEquals(20 + 20 + data.length, packet.byteSize());
    }

    @Property
    void ipv4UdpNatRewriteEqualsRecomputationOrStaysZero(@ForAll int source, @ForAll int destination,
            @ForAll @IntRange(max = 0xFFFF) int sourcePort, @ForAll @IntRange(max = 0xFFFF) int destinationPort,
            @ForAll @Size(max = 64) byte[] data, @ForAll int newAddress,
            @ForAll @IntRange(max = 0xFFFF) int newPort, @ForAll boolean withChecksum) {
        ipv4Packet(IpProtocol.UDP, source, destination, sourcePort, destinationPort, data, 64);
        if (!withChecksum) {
            udp.checksum(UdpHeader.NO_CHECKSUM);
        }
        ip4.destinationAddress(newAddress);
        udp.ipv4AddressChanged(destination, newAddress).destinationPort(newPort);
        int incremental = udp.checksum();
        int expected = withChecksum ? udp.recomputeChecksum(ip4.pseudoHeaderSum(udp.length())).checksum() : 0;
        assertEquals(expected, incremental);
    }

    @Property
    void ipv6NatRewriteEqualsRecomputation(@ForAll long sourceHigh, @ForAll long sourceLow,
            @ForAll long destinationHigh, @ForAll long destinationLow,
            @ForAll @IntRange(max = 0xFFFF) int sourcePort, @ForAll @IntRange(max = 0xFFFF) int destinationPort,
            @ForAll @Size(max = 64) byte[] data, @ForAll long newHigh, @ForAll long newLow,
            @ForAll @IntRange(max = 0xFFFF) int newPort, @ForAll boolean isTcp) {
        int transportLength = (isTcp ? TcpHeader.MIN_LENGTH : UdpHeader.LENGTH) + data.length;
        MemorySegment packet = MemorySegment.ofArray(new byte[Ipv6Header.LENGTH + transportLength]);
        ip6.wrap(packet, 0, (int) packet.byteSize()).versionClassFlow(0, 0).payloadLength(transportLength)
                .nextHeader(isTcp ? IpProtocol.TCP : IpProtocol.UDP).hopLimit(64)
                .source(sourceHigh, sourceLow).destination(destinationHigh, destinationLow);
        MemorySegment.copy(MemorySegment.ofArray(data), 0, packet, packet.byteSize() - data.length, data.length);
        long before = ip6.pseudoHeaderSum(ip6.nextHeader(), transportLength);
        ip6.destination(newHigh, newLow);
        long after = ip6.pseudoHeaderSum(ip6.nextHeader(), transportLength);
        int incremental;
        int expected;
        if (isTcp) {
            tcp.wrap(packet, Ipv6Header.LENGTH, transportLength).write(sourcePort, destinationPort, 1, 2, TcpHeader.ACK, 9)
                    .recomputeChecksum(before);
            incremental = tcp.ipv6AddressChanged(destinationHigh, destinationLow, newHigh, newLow)
                    .destinationPort(newPort).checksum();
            expected = tcp.recomputeChecksum(after).checksum();
        } else {
            udp.wrap(packet, Ipv6Header.LENGTH, transportLength).write(sourcePort, destinationPort, transportLength)
                    .recomputeChecksum(before);
            incremental = udp.ipv6AddressChanged(destinationHigh, destinationLow, newHigh, newLow)
                    .destinationPort(newPort).checksum();
            expected = udp.recomputeChecksum(after).checksum();
        }
        assertEquals(expected, incremental);
    }

    /**
     * A message of a 2-octet checksum field, a fixed non-zero word (as every IP header and pseudo-header has: a
     * message of only zero words is the one case where ones' complement's two zeros differ) and {@code body}, with a
     * correct checksum.
     */
    private static MemorySegment checksummed(byte[] body) {
        MemorySegment message = MemorySegment.ofArray(new byte[BODY + body.length]);
        message.set(U16, 2, (short) 0x4500);
        MemorySegment.copy(MemorySegment.ofArray(body), 0, message, BODY, body.length);
        message.set(U16, 0, (short) InternetChecksum.compute(message, 0, message.byteSize()));
        return message;
    }

    private static int recomputed(MemorySegment message) {
        MemorySegment copy = MemorySegment.ofArray(message.toArray(ValueLayout.JAVA_BYTE));
        copy.set(U16, 0, (short) 0);
        return InternetChecksum.compute(copy, 0, copy.byteSize());
    }

    /** A valid IPv4 TCP or UDP packet; leaves {@link #ip4} and {@link #tcp} or {@link #udp} wrapped over it. */
    private MemorySegment ipv4Packet(int protocol, int source, int destination, int sourcePort, int destinationPort,
            byte[] data, int ttl) {
        int transportLength = (protocol == IpProtocol.TCP ? TcpHeader.MIN_LENGTH : UdpHeader.LENGTH) + data.length;
        int total = Ipv4Header.MIN_LENGTH + transportLength;
        MemorySegment packet = MemorySegment.ofArray(new byte[total]);
        ip4.wrap(packet, 0, total).write(0, total, 7, Ipv4Header.FLAG_DONT_FRAGMENT, ttl, protocol, source,
                destination);
        MemorySegment.copy(MemorySegment.ofArray(data), 0, packet, total - data.length, data.length);
        if (protocol == IpProtocol.TCP) {
            tcp.wrap(packet, 20, transportLength).write(sourcePort, destinationPort, 1, 2, TcpHeader.ACK, 9)
                    .recomputeChecksum(ip4.pseudoHeaderSum(transportLength));
        } else {
            udp.wrap(packet, 20, transportLength).write(sourcePort, destinationPort, transportLength)
                    .recomputeChecksum(ip4.pseudoHeaderSum(transportLength));
        }
        return packet;
    }
}
