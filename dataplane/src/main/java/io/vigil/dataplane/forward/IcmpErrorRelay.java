package io.vigil.dataplane.forward;

import io.vigil.dataplane.api.ForwardingMethod;
import io.vigil.dataplane.packet.IcmpHeader;
import io.vigil.dataplane.packet.IpProtocol;
import io.vigil.dataplane.packet.Ipv4Header;
import java.lang.foreign.MemorySegment;

/**
 * ICMPv4 errors that concern a connection go to the other side of it, as IPVS's {@code ip_vs_in_icmp} and
 * {@code ip_vs_out_icmp} do: an error about a packet the client side sent back (fragmentation needed from a router,
 * port unreachable from the client) goes to the connection's real server; an error a NAT real server sends about a
 * packet it received (port unreachable) goes to the client, rewritten so that it quotes VIP:vport. Only destination
 * unreachable, source quench and time exceeded are relayed; errors about no connection are the kernel's.
 *
 * <p>Threading: owned by the worker; allocation-free.
 */
final class IcmpErrorRelay {

    private final ServiceTable services;
    private final ConnectionTable connections;
    private final DestinationRegistry destinations;
    private final PacketForwarder forwarder;
    private final IcmpHeader icmp = new IcmpHeader();
    private final Ipv4Header quoted = new Ipv4Header();
    private final Ipv4Header outer = new Ipv4Header();

    IcmpErrorRelay(ServiceTable services, ConnectionTable connections, DestinationRegistry destinations,
                   PacketForwarder forwarder) {
        this.services = services;
        this.connections = connections;
        this.destinations = destinations;
        this.forwarder = forwarder;
    }

    /**
     * An ICMPv4 packet in a frame whose IPv4 header {@code ip} has been validated.
     *
     * @param toVip whether it is addressed to an active VIP (else it may come from a NAT real server)
     */
    void onIcmpv4(MemorySegment memory, long frame, Ipv4Header ip, long icmpOffset, int icmpLength, boolean toVip,
                  long nowNanos) {
        if (!toVip && !services.hasNatDestinations()) {
            return;
        }
        IcmpHeader error = icmp.wrap(memory, icmpOffset, icmpLength);
        if (!error.hasMinimumLength() || !relayed(error.type()) || error.quotedIpVersion() != Ipv4Header.VERSION
                || !error.hasQuotedPorts()) {
            return;
        }
        Ipv4Header q = error.quotedIpv4(quoted);
        int protocol = q.protocol();
        if (protocol != IpProtocol.TCP && protocol != IpProtocol.UDP) {
            return;
        }
        long quotedSource = AddressWords.v4Low(q.sourceAddress());
        long quotedDestination = AddressWords.v4Low(q.destinationAddress());
        int sourcePort = error.quotedSourcePort();
        int destinationPort = error.quotedDestinationPort();
        outer.wrap(memory, ip.offset(), ip.totalLength());
        if (toVip) {
            // It quotes what went to the client: VIP:vport -> client:cport.
            int slot = connections.findInbound(protocol, 0, quotedDestination, destinationPort, 0, quotedSource, sourcePort);
            if (slot >= 0) {
                toRealServer(memory, frame, slot, error, q, ip.totalLength());
            }
        } else if (services.isNatDestination(protocol, 0, quotedDestination, destinationPort)) {
            // It quotes what the real server received: client:cport -> RIP:rport.
            int slot = connections.findOutbound(protocol, 0, quotedDestination, destinationPort, 0, quotedSource, sourcePort);
            if (slot >= 0) {
                toClient(memory, frame, slot, error, q, quotedSource, ip.totalLength());
            }
        }
    }

    private void toRealServer(MemorySegment memory, long frame, int slot, IcmpHeader error, Ipv4Header q, int ipLength) {
        Destination d = destinations.get(connections.destinationId(slot));
        if (d == null || d.removed() || !decrementTtl()) {
            return;
        }
        if (d.method() == ForwardingMethod.NAT) {
            int rip = (int) d.addressLow();
            outer.destinationAddress(rip);
            q.sourceAddress(rip);
            error.quotedSourcePort(d.port());
            error.recomputeChecksum();
        }
        if (forwarder.forward(memory, frame, ipLength, d.addressHigh(), d.addressLow(),
                d.method() == ForwardingMethod.TUN ? d : null)) {
            d.traffic().countIn(ipLength);
        }
    }

    private void toClient(MemorySegment memory, long frame, int slot, IcmpHeader error, Ipv4Header q, long client,
                          int ipLength) {
        Destination d = destinations.get(connections.destinationId(slot));
        if (d == null || d.removed() || !decrementTtl()) {
            return;
        }
        int vip = (int) connections.virtualLow(slot);
        outer.sourceAddress(vip);
        q.destinationAddress(vip);
        error.quotedDestinationPort(connections.virtualPort(slot));
        error.recomputeChecksum();
        if (forwarder.forward(memory, frame, ipLength, 0, client, null)) {
            d.traffic().countOut(ipLength);
        }
    }

    private boolean decrementTtl() {
        int ttl = outer.timeToLive();
        if (ttl <= 1) {
            return false;
        }
        outer.timeToLive(ttl - 1);
        return true;
    }

    private static boolean relayed(int type) {
        return type == IcmpHeader.V4_DEST_UNREACHABLE || type == IcmpHeader.V4_SOURCE_QUENCH
                || type == IcmpHeader.V4_TIME_EXCEEDED;
    }
}
