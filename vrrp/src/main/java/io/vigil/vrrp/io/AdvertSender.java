package io.vigil.vrrp.io;

import io.vigil.dataplane.linux.LinuxException;
import io.vigil.dataplane.linux.RawIpSocket;
import io.vigil.vrrp.wire.AddressWords;
import io.vigil.vrrp.wire.AdvertEncoder;
import io.vigil.vrrp.wire.AdvertProfile;
import io.vigil.vrrp.wire.IpFamily;
import io.vigil.vrrp.wire.VrrpPacket;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.util.List;

/**
 * Sends one instance's adverts: a raw socket bound to the instance's source address (the v3 checksum covers it,
 * ffm-feasibility Q1), one preallocated buffer, and the destinations: the VRRP group (224.0.0.18 / ff02::12,
 * RFC 5798 §5.1.1.2, §5.1.2.2) or the {@code unicast_peer}s, with their addresses turned into words once so a send
 * allocates nothing. Owned by the VRRP loop thread.
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
    private final boolean ipv4;
    /** The source as {@code (ipv4 word, 0)} or {@code (high, low)}. */
    private final long sourceHigh;
    private final long sourceLow;
    /** Each destination's words, in the same layout, at {@code 2 * i}. */
    private final long[] destinationWords;

    AdvertSender(String interfaceName, InetAddress source, AdvertProfile profile) throws LinuxException {
        this.encoder = new AdvertEncoder(profile);
        this.buffer = arena.allocate(encoder.length());
        this.ipv4 = profile.family() == IpFamily.IPV4;
        this.destinations = profile.unicast() ? profile.unicastPeers() : List.of(ipv4 ? IPV4_GROUP : IPV6_GROUP);
        this.sourceHigh = high(source);
        this.sourceLow = ipv4 ? 0 : AddressWords.low(source);
        this.destinationWords = new long[2 * destinations.size()];
        for (int i = 0; i < destinations.size(); i++) {
            destinationWords[2 * i] = high(destinations.get(i));
            destinationWords[2 * i + 1] = ipv4 ? 0 : AddressWords.low(destinations.get(i));
        }
        // Last, so that nothing above can fail with the socket already open.
        this.socket = RawIpSocket.sender(interfaceName, VrrpPacket.IP_PROTOCOL, source);
    }

    /** Sends one advert with {@code priority} to every destination; returns how many were sent. */
    @Override
    public int send(int priority) throws LinuxException {
        int sent = 0;
        for (int i = 0; i < destinations.size(); i++) {
            long destinationHigh = destinationWords[2 * i];
            int length = ipv4
                    ? encoder.encodeIpv4(buffer, 0, priority, (int) sourceHigh, (int) destinationHigh)
                    : encoder.encodeIpv6(buffer, 0, priority, sourceHigh, sourceLow, destinationHigh,
                            destinationWords[2 * i + 1]);
            if (socket.send(buffer.asSlice(0, length), destinations.get(i))) {
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

    /** The IPv4 word, or the first eight octets of an IPv6 address. */
    private long high(InetAddress a) {
        return ipv4 ? AddressWords.ipv4(a) : AddressWords.high(a);
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
