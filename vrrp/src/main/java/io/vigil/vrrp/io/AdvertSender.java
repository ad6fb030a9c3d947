package io.vigil.vrrp.io;

import io.vigil.dataplane.linux.LinuxException;
import io.vigil.dataplane.linux.RawIpSocket;
import io.vigil.vrrp.wire.AdvertEncoder;
import io.vigil.vrrp.wire.AdvertProfile;
import io.vigil.vrrp.wire.IpFamily;
import io.vigil.vrrp.wire.VrrpPacket;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Sends one instance's adverts: a raw socket bound to the instance's source address (the v3 checksum covers it,
 * ffm-feasibility Q1), one preallocated buffer, and the destinations: the VRRP group (224.0.0.18 / ff02::12,
 * RFC 5798 §5.1.1.2, §5.1.2.2) or the {@code unicast_peer}s. Owned by the VRRP loop thread.
 */
final class AdvertSender implements AdvertSocket.Output {

    /** RFC 5798 §5.1.1.2: the IPv4 multicast address of VRRP. */
    static final InetAddress IPV4_GROUP = address("224.0.0.18");
    /** RFC 5798 §5.1.2.2: the IPv6 multicast address of VRRP. */
    static final InetAddress IPV6_GROUP = address("ff02::12");

    private final RawIpSocket socket;
    private final AdvertEncoder encoder;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffer;
    private final List<InetAddress> destinations;
    private final InetAddress source;

    AdvertSender(String interfaceName, InetAddress source, AdvertProfile profile) throws LinuxException {
        this.socket = RawIpSocket.sender(interfaceName, VrrpPacket.IP_PROTOCOL, source);
        this.encoder = new AdvertEncoder(profile);
        this.buffer = arena.allocate(encoder.length());
        this.source = source;
        this.destinations = profile.unicast() ? profile.unicastPeers()
                : List.of(profile.family() == IpFamily.IPV4 ? IPV4_GROUP : IPV6_GROUP);
    }

    /** Sends one advert with {@code priority} to every destination; returns how many were sent. */
    @Override
    public int send(int priority) throws LinuxException {
        int sent = 0;
        for (InetAddress destination : destinations) {
            int length;
            if (encoder.profile().family() == IpFamily.IPV4) {
                length = encoder.encodeIpv4(buffer, 0, priority, word(source), word(destination));
            } else {
                length = encoder.encodeIpv6(buffer, 0, priority, high(source), low(source), high(destination),
                        low(destination));
            }
            if (socket.send(buffer.asSlice(0, length), destination)) {
                sent++;
            }
        }
        return sent;
    }

    @Override
    public void close() throws LinuxException {
        try {
            socket.close();
        } finally {
            arena.close();
        }
    }

    private static int word(InetAddress a) {
        return ByteBuffer.wrap(a.getAddress()).getInt();
    }

    private static long high(InetAddress a) {
        return MemorySegment.ofArray(a.getAddress()).get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), 0);
    }

    private static long low(InetAddress a) {
        return MemorySegment.ofArray(a.getAddress()).get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), 8);
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
