package io.vigil.vrrp.io;

import io.vigil.dataplane.linux.LinuxException;
import io.vigil.dataplane.linux.RawIpSocket;
import io.vigil.dataplane.linux.ReceivedDatagram;
import io.vigil.vrrp.wire.AdvertProfile;
import io.vigil.vrrp.wire.AdvertValidator;
import io.vigil.vrrp.wire.IpFamily;
import io.vigil.vrrp.wire.RejectCounters;
import io.vigil.vrrp.wire.VrrpCheck;
import io.vigil.vrrp.wire.VrrpPacket;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.StandardProtocolFamily;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Receives the adverts of one interface and family: one raw socket (never bound to an address, so it sees the
 * group; ffm-feasibility Q1), joined to the VRRP group when any instance on it is multicast, and one validator
 * that knows every instance's VRID there. Owned by the VRRP loop thread.
 */
final class AdvertReceiver implements AutoCloseable {

    /** Accepted and rejected packets go here, on the loop thread. */
    interface Sink {
        /** An advert for a configured VRID passed (or was flagged but accepted); {@code validator} holds it. */
        void accepted(AdvertValidator validator);

        /** A packet was rejected; {@code profile} is the instance's when the VRID matched, else null. */
        void rejected(VrrpCheck check, AdvertProfile profile, AdvertValidator validator);
    }

    private static final ValueLayout.OfLong BIG_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final int MAX_DATAGRAM = 2048;

    private final RawIpSocket socket;
    private final AdvertValidator validator;
    private final IpFamily family;
    private final Arena arena = Arena.ofShared();
    private final ReceivedDatagram datagram;
    private final RejectCounters rejects = new RejectCounters();

    AdvertReceiver(String interfaceName, IpFamily family, List<AdvertProfile> profiles) throws LinuxException {
        this.family = family;
        this.socket = RawIpSocket.receiver(interfaceName, VrrpPacket.IP_PROTOCOL,
                family == IpFamily.IPV4 ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
        try {
            if (profiles.stream().anyMatch(p -> !p.unicast())) {
                socket.joinGroup(family == IpFamily.IPV4 ? AdvertSender.IPV4_GROUP : AdvertSender.IPV6_GROUP);
            }
        } catch (LinuxException e) {
            socket.close();
            throw e;
        }
        this.validator = new AdvertValidator(family, profiles);
        this.datagram = ReceivedDatagram.allocate(arena, MAX_DATAGRAM);
    }

    int fd() {
        return socket.fd();
    }

    String interfaceName() {
        return socket.interfaceName();
    }

    /** Rejections by reason, including those for VRIDs that are not ours. */
    RejectCounters rejects() {
        return rejects;
    }

    /** Reads until the socket is empty, validating each packet. Never throws for bad packets. */
    void drain(Sink sink) throws LinuxException {
        while (socket.receive(datagram)) {
            VrrpCheck check;
            if (family == IpFamily.IPV4) {
                check = validator.checkIpv4(datagram.buffer(), 0, datagram.length());
            } else {
                MemorySegment source = datagram.sourceBytes();
                MemorySegment destination = datagram.destinationBytes();
                check = validator.checkIpv6(datagram.buffer(), datagram.payloadOffset(), datagram.payloadLength(),
                        datagram.hopLimit(), source.get(BIG_LONG, 0), source.get(BIG_LONG, 8),
                        destination.get(BIG_LONG, 0), destination.get(BIG_LONG, 8));
            }
            if (check.accepted()) {
                sink.accepted(validator);
            } else {
                rejects.record(check);
                sink.rejected(check, validator.profile(), validator);
            }
        }
    }

    @Override
    public void close() throws LinuxException {
        try {
            socket.close();
        } finally {
            arena.close();
        }
    }
}
