package io.vigil.dataplane.forward;

import io.vigil.dataplane.api.DropReason;
import io.vigil.dataplane.api.ForwardingMethod;
import io.vigil.dataplane.api.SchedulerFlag;
import io.vigil.dataplane.packet.EthernetFrame;
import io.vigil.dataplane.packet.IpProtocol;
import io.vigil.dataplane.packet.Ipv4Header;
import io.vigil.dataplane.packet.Ipv6Header;
import io.vigil.dataplane.packet.TcpHeader;
import io.vigil.dataplane.packet.UdpHeader;
import io.vigil.dataplane.port.FrameHandler;
import io.vigil.dataplane.port.PacketPort;
import java.lang.foreign.MemorySegment;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * The per-packet path, as IPVS's {@code ip_vs_in} / {@code ip_vs_out} do it: classify a frame (to an active VIP, a
 * reply from a NAT destination, or not ours), find or create its connection (scheduling a destination for a new
 * flow), rewrite it for NAT, DR or TUN and hand it to the port of its next hop. Frames that are not ours are left to
 * the kernel; frames that are ours and cannot be forwarded are counted by {@link DropReason}.
 *
 * <p>Threading: owned by the worker; allocation-free.
 */
public final class PacketForwarder implements FrameHandler {

    /** {@code PACKET_HOST}, linux/if_packet.h: addressed to this host's MAC. */
    private static final int PACKET_HOST = 0;
    /** TCP flags (RFC 9293 §3.1): a new connection starts with SYN, without ACK or RST (IPVS tcp_conn_schedule). */
    private static final int SYN = 0x02;
    private static final int RST = 0x04;
    private static final int ACK = 0x10;
    /** IPv6 Fragment extension header, RFC 8200 §4.5. */
    private static final int IPV6_FRAGMENT_HEADER = 44;

    private final ServiceTable services;
    private final ConnectionTable connections;
    private final DestinationRegistry destinations;
    private final NextHopTable nextHops;
    private final Int2ObjectHashMap<PacketPort> ports;
    private final DropCounters drops;
    private final TunnelEncapsulator tunnel;
    private final PendingFrames pending;
    private final IcmpErrorRelay icmpErrors;
    private final EthernetFrame ethernet = new EthernetFrame();
    private final Ipv4Header ipv4 = new Ipv4Header();
    private final Ipv6Header ipv6 = new Ipv6Header();
    private final TcpHeader tcp = new TcpHeader();
    private final UdpHeader udp = new UdpHeader();
    private long nowNanos;
    /** IPVS's {@code sloppy_tcp}: a TCP packet that is not a SYN may create a connection (see {@link #sloppyTcp}). */
    private boolean sloppyTcp;
    /** The frame being handled carries a partial transport checksum (see {@link FrameHandler#CHECKSUM_PENDING}). */
    private boolean checksumPending;

    public PacketForwarder(ServiceTable services, ConnectionTable connections, DestinationRegistry destinations,
                           NextHopTable nextHops, Int2ObjectHashMap<PacketPort> ports, DropCounters drops,
                           TunnelEncapsulator tunnel, PendingFrames pending) {
        this.services = services;
        this.connections = connections;
        this.destinations = destinations;
        this.nextHops = nextHops;
        this.ports = ports;
        this.drops = drops;
        this.tunnel = tunnel;
        this.pending = pending;
        this.icmpErrors = new IcmpErrorRelay(services, connections, destinations, this);
    }

    /** The port the next batch comes from (ICMP errors go back through it). */
    public void ingress(PacketPort port) {
        tunnel.ingress(port);
    }

    /**
     * IPVS's {@code sloppy_tcp} sysctl: when on, any TCP packet to a virtual service without a connection entry,
     * except a RST, is scheduled and creates one ({@code tcp_conn_schedule}), so a director that takes over mid-flow
     * carries on connections it never saw start (with {@code mh}, to the real server the old director chose). The
     * entry's state follows from the packet: an ACK makes it ESTABLISHED. When off, only a SYN without ACK or RST
     * creates one, and the rest count as {@link DropReason#NO_CONNECTION}.
     */
    public void sloppyTcp(boolean enabled) {
        this.sloppyTcp = enabled;
    }

    /** The time of the batch about to be handled. */
    public void now(long nanos) {
        this.nowNanos = nanos;
    }

    @Override
    public void onFrame(MemorySegment memory, long offset, int length, int packetType, int flags) {
        if (packetType != PACKET_HOST || length < EthernetFrame.HEADER_LENGTH) {
            return;
        }
        checksumPending = (flags & CHECKSUM_PENDING) != 0;
        ethernet.wrap(memory, offset);
        int type = ethernet.etherType();
        long l3 = offset + EthernetFrame.HEADER_LENGTH;
        int l3Length = length - EthernetFrame.HEADER_LENGTH;
        if (type == EthernetFrame.TYPE_IPV4) {
            onIpv4(memory, offset, l3, l3Length);
        } else if (type == EthernetFrame.TYPE_IPV6) {
            onIpv6(memory, offset, l3, l3Length);
        }
    }

    // ---------------------------------------------------------------------------------------------------- IPv4

    private void onIpv4(MemorySegment memory, long frame, long l3, int l3Length) {
        if (l3Length < Ipv4Header.MIN_LENGTH) {
            return;
        }
        Ipv4Header ip = ipv4.wrap(memory, l3, l3Length);
        if (ip.version() != 4) {
            return;
        }
        long destinationLow = AddressWords.v4Low(ip.destinationAddress());
        boolean toVip = services.isActiveVip(0, destinationLow);
        if (!toVip && !services.hasNatDestinations()) {
            return;
        }
        DropReason bad = checkIpv4(ip, l3Length);
        if (bad != null) {
            if (toVip) {
                drops.count(bad);
            }
            return;
        }
        int protocol = ip.protocol();
        long transport = ip.payloadOffset();
        int transportLength = ip.totalLength() - ip.headerLength();
        if (protocol == IpProtocol.ICMP) {
            icmpErrors.onIcmpv4(memory, frame, ip, transport, transportLength, toVip, nowNanos);
            return;
        }
        if (protocol != IpProtocol.TCP && protocol != IpProtocol.UDP) {
            if (toVip) {
                drops.count(DropReason.UNKNOWN_PROTOCOL);
            }
            return;
        }
        if (!readPorts(memory, protocol, transport, transportLength)) {
            if (toVip) {
                drops.count(DropReason.BAD_TRANSPORT);
            }
            return;
        }
        int sourcePort = protocol == IpProtocol.TCP ? tcp.sourcePort() : udp.sourcePort();
        int destinationPort = protocol == IpProtocol.TCP ? tcp.destinationPort() : udp.destinationPort();
        long sourceLow = AddressWords.v4Low(ip.sourceAddress());
        if (toVip) {
            ServiceEntry service = services.find(protocol, 0, destinationLow, destinationPort);
            if (service != null) {
                inbound(memory, frame, service, protocol, 0, sourceLow, sourcePort, 0, destinationLow, destinationPort,
                        ip.totalLength(), false);
            }
        } else if (services.isNatDestination(protocol, 0, sourceLow, sourcePort)) {
            outbound(memory, frame, protocol, 0, sourceLow, sourcePort, 0, destinationLow, destinationPort,
                    ip.totalLength(), false);
        }
    }

    /** Why an IPv4 header cannot be forwarded, or null (IPVS accepts only whole, option-less, valid headers here). */
    private static DropReason checkIpv4(Ipv4Header ip, int l3Length) {
        int headerLength = ip.headerLength();
        if (headerLength < Ipv4Header.MIN_LENGTH || headerLength > l3Length) {
            return DropReason.BAD_HEADER;
        }
        int total = ip.totalLength();
        if (total < headerLength) {
            return DropReason.BAD_HEADER;
        }
        if (total > l3Length) {
            return DropReason.TRUNCATED;
        }
        if (!ip.isHeaderChecksumValid()) {
            return DropReason.BAD_CHECKSUM;
        }
        if (ip.hasOptions()) {
            return DropReason.IP_OPTIONS;
        }
        if (ip.isFragment()) {
            return DropReason.FRAGMENT;
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------------- IPv6

    private void onIpv6(MemorySegment memory, long frame, long l3, int l3Length) {
        if (l3Length < Ipv6Header.LENGTH) {
            return;
        }
        Ipv6Header ip = ipv6.wrap(memory, l3, l3Length);
        if (ip.version() != 6) {
            return;
        }
        long dHigh = ip.destinationHigh();
        long dLow = ip.destinationLow();
        boolean toVip = services.isActiveVip(dHigh, dLow);
        if (!toVip && !services.hasNatDestinations()) {
            return;
        }
        int payload = ip.payloadLength();
        if (payload > l3Length - Ipv6Header.LENGTH) {
            if (toVip) {
                drops.count(DropReason.TRUNCATED);
            }
            return;
        }
        int protocol = ip.nextHeader();
        if (protocol != IpProtocol.TCP && protocol != IpProtocol.UDP) {
            if (toVip && protocol != IpProtocol.ICMPV6) {
                drops.count(protocol == IPV6_FRAGMENT_HEADER ? DropReason.FRAGMENT : DropReason.UNKNOWN_PROTOCOL);
            }
            return;
        }
        if (!readPorts(memory, protocol, ip.payloadOffset(), payload)) {
            if (toVip) {
                drops.count(DropReason.BAD_TRANSPORT);
            }
            return;
        }
        int sourcePort = protocol == IpProtocol.TCP ? tcp.sourcePort() : udp.sourcePort();
        int destinationPort = protocol == IpProtocol.TCP ? tcp.destinationPort() : udp.destinationPort();
        long sHigh = ip.sourceHigh();
        long sLow = ip.sourceLow();
        int length = payload + Ipv6Header.LENGTH;
        if (toVip) {
            ServiceEntry service = services.find(protocol, dHigh, dLow, destinationPort);
            if (service != null) {
                inbound(memory, frame, service, protocol, sHigh, sLow, sourcePort, dHigh, dLow, destinationPort, length, true);
            }
        } else if (services.isNatDestination(protocol, sHigh, sLow, sourcePort)) {
            outbound(memory, frame, protocol, sHigh, sLow, sourcePort, dHigh, dLow, destinationPort, length, true);
        }
    }

    // ------------------------------------------------------------------------------------------- both families

    /** Wraps the TCP or UDP header; false when it is too short. */
    private boolean readPorts(MemorySegment memory, int protocol, long transport, int transportLength) {
        if (protocol == IpProtocol.TCP) {
            tcp.wrap(memory, transport, transportLength);
            return tcp.hasMinimumLength() && tcp.isDataOffsetValid();
        }
        udp.wrap(memory, transport, transportLength);
        return udp.isLengthValid();
    }

    /** Client to VIP: find or schedule, then forward by the destination's method. */
    private void inbound(MemorySegment memory, long frame, ServiceEntry service, int protocol, long cHigh, long cLow,
                         int cPort, long vHigh, long vLow, int vPort, int ipLength, boolean v6) {
        int tcpFlags = protocol == IpProtocol.TCP ? tcp.flags() : 0;
        int slot = connections.findInbound(protocol, cHigh, cLow, cPort, vHigh, vLow, vPort);
        boolean onePacket = protocol == IpProtocol.UDP && service.service().has(SchedulerFlag.ONE_PACKET);
        if (onePacket && slot >= 0) {
            // One-packet scheduling: every datagram is scheduled afresh; the entry only carries the NAT reply back.
            connections.remove(slot, nowNanos);
            slot = -1;
        }
        Destination destination;
        if (slot >= 0) {
            destination = destinations.get(connections.destinationId(slot));
            if (destination == null || destination.removed()) {
                drops.count(DropReason.DESTINATION_REMOVED);
                return;
            }
            connections.update(slot, true, tcpFlags, nowNanos);
        } else {
            if (protocol == IpProtocol.TCP && !opensTcpConnection(tcpFlags)) {
                drops.count(DropReason.NO_CONNECTION);
                return;
            }
            destination = schedule(service, cHigh, cLow, cPort, vHigh, vLow, vPort);
            if (destination == null) {
                drops.count(template == TEMPLATE_TABLE_FULL ? DropReason.TABLE_FULL : DropReason.NO_DESTINATION);
                return;
            }
            slot = connections.open(protocol, cHigh, cLow, cPort, vHigh, vLow, vPort, destination, service.id(),
                    tcpFlags, nowNanos);
            if (slot < 0 && protocol == IpProtocol.TCP && connections.evictEmbryonic(nowNanos)) {
                drops.count(DropReason.EVICTED);
                slot = connections.open(protocol, cHigh, cLow, cPort, vHigh, vLow, vPort, destination, service.id(),
                        tcpFlags, nowNanos);
            }
            if (slot < 0) {
                drops.count(DropReason.TABLE_FULL);
                return;
            }
            if (template >= 0) {
                connections.addControl(slot, template, nowNanos);
            }
            service.traffic().countConnection();
        }
        if (transmitInbound(memory, frame, destination, protocol, vHigh, vLow, ipLength, v6)) {
            destination.traffic().countIn(ipLength);
            service.traffic().countIn(ipLength);
        }
    }

    /** Whether a TCP packet with no connection entry may create one: a SYN alone, or with sloppy TCP no RST. */
    private boolean opensTcpConnection(int tcpFlags) {
        if (sloppyTcp) {
            return (tcpFlags & RST) == 0;
        }
        return (tcpFlags & SYN) != 0 && (tcpFlags & (ACK | RST)) == 0;
    }

    /**
     * A new flow's destination: its persistence template's, or the scheduler's choice (ip_vs_schedule). Leaves the
     * template's slot in {@link #template} (-1 when the service is not persistent).
     */
    private Destination schedule(ServiceEntry service, long cHigh, long cLow, int cPort, long vHigh, long vLow, int vPort) {
        template = -1;
        if (!service.service().persistent()) {
            return service.scheduler().schedule(flow(service, cHigh, cLow, cPort, vHigh, vLow, vPort));
        }
        long mHigh = cHigh & service.maskHigh();
        long mLow = cLow & service.maskLow();
        int existing = connections.findTemplate(service.id(), mHigh, mLow);
        if (existing >= 0) {
            Destination d = destinations.get(connections.destinationId(existing));
            // A template keeps its client on a quiesced (weight 0) destination, as IPVS does by default
            // (expire_quiescent_template=0); a removed one is invalid and goes (ip_vs_check_template).
            if (d != null && !d.removed()) {
                template = existing;
                return d;
            }
            connections.remove(existing, nowNanos);
        }
        Destination d = service.scheduler().schedule(flow(service, cHigh, cLow, cPort, vHigh, vLow, vPort));
        if (d == null) {
            return null;
        }
        template = connections.openTemplate(service.id(), mHigh, mLow, d, service.service().persistenceSeconds(), nowNanos);
        if (template < 0) {
            template = TEMPLATE_TABLE_FULL;
            return null;
        }
        return d;
    }

    private final Flow flow = new Flow();
    /** {@link #template} when no template could be made because the table is full. */
    private static final int TEMPLATE_TABLE_FULL = -2;
    /** The persistence template of the flow {@link #schedule} just placed, or -1. */
    private int template = -1;

    private Flow flow(ServiceEntry service, long cHigh, long cLow, int cPort, long vHigh, long vLow, int vPort) {
        return flow.set(service.protocol(), cHigh, cLow, cPort, vHigh, vLow, vPort);
    }

    private boolean transmitInbound(MemorySegment memory, long frame, Destination d, int protocol, long vHigh,
                                    long vLow, int ipLength, boolean v6) {
        ForwardingMethod method = d.method();
        if (method == ForwardingMethod.NAT) {
            if (!decrementHopLimit(v6)) {
                return false;
            }
            if (v6) {
                ipv6.destination(d.addressHigh(), d.addressLow());
                transportAddressChanged(protocol, true, vHigh, vLow, d.addressHigh(), d.addressLow());
            } else {
                int rip = (int) d.addressLow();
                int vip = (int) vLow;
                ipv4.destinationAddress(rip);
                transportAddressChanged(protocol, false, 0, vip, 0, rip);
            }
            if (protocol == IpProtocol.TCP) {
                tcp.destinationPort(d.port());
            } else {
                udp.destinationPort(d.port());
            }
        }
        completePendingChecksum(protocol, v6);
        if (method == ForwardingMethod.TUN && v6) {
            drops.count(DropReason.NO_ROUTE);
            return false;
        }
        return forward(memory, frame, ipLength, d.addressHigh(), d.addressLow(), method == ForwardingMethod.TUN ? d : null);
    }

    /** Real server to client through NAT: SNAT back to VIP:vport (ip_vs_out / handle_response). */
    private void outbound(MemorySegment memory, long frame, int protocol, long rHigh, long rLow, int rPort, long cHigh,
                          long cLow, int cPort, int ipLength, boolean v6) {
        int slot = connections.findOutbound(protocol, rHigh, rLow, rPort, cHigh, cLow, cPort);
        if (slot < 0) {
            return;
        }
        Destination d = destinations.get(connections.destinationId(slot));
        if (d == null || d.removed()) {
            drops.count(DropReason.DESTINATION_REMOVED);
            return;
        }
        int tcpFlags = protocol == IpProtocol.TCP ? tcp.flags() : 0;
        connections.update(slot, false, tcpFlags, nowNanos);
        if (!decrementHopLimit(v6)) {
            return;
        }
        long vHigh = connections.virtualHigh(slot);
        long vLow = connections.virtualLow(slot);
        int vPort = connections.virtualPort(slot);
        if (v6) {
            ipv6.source(vHigh, vLow);
            transportAddressChanged(protocol, true, rHigh, rLow, vHigh, vLow);
        } else {
            ipv4.sourceAddress((int) vLow);
            transportAddressChanged(protocol, false, 0, (int) rLow, 0, (int) vLow);
        }
        if (protocol == IpProtocol.TCP) {
            tcp.sourcePort(vPort);
        } else {
            udp.sourcePort(vPort);
        }
        completePendingChecksum(protocol, v6);
        if (forward(memory, frame, ipLength, cHigh, cLow, null)) {
            d.traffic().countOut(ipLength);
            ServiceEntry service = services.byId(connections.serviceId(slot));
            if (service != null) {
                service.traffic().countOut(ipLength);
            }
        }
    }

    /** The TCP or UDP checksum after an address of the pseudo-header changed (a zero UDP/IPv4 checksum stays zero). */
    private void transportAddressChanged(int protocol, boolean v6, long oldHigh, long oldLow, long newHigh, long newLow) {
        if (protocol == IpProtocol.TCP) {
            if (v6) {
                tcp.ipv6AddressChanged(oldHigh, oldLow, newHigh, newLow);
            } else {
                tcp.ipv4AddressChanged((int) oldLow, (int) newLow);
            }
        } else if (v6) {
            udp.ipv6AddressChanged(oldHigh, oldLow, newHigh, newLow);
        } else if (udp.hasChecksum()) {
            udp.ipv4AddressChanged((int) oldLow, (int) newLow);
        }
    }

    /**
     * A frame whose sender offloaded its transport checksum (veth, virtio) leaves with it computed in full: the
     * next receiver cannot know it was partial.
     */
    private void completePendingChecksum(int protocol, boolean v6) {
        if (!checksumPending) {
            return;
        }
        if (protocol == IpProtocol.TCP) {
            tcp.recomputeChecksum(v6 ? ipv6.pseudoHeaderSum(protocol, tcp.length()) : ipv4.pseudoHeaderSum(tcp.length()));
        } else {
            udp.recomputeChecksum(v6 ? ipv6.pseudoHeaderSum(protocol, udp.length()) : ipv4.pseudoHeaderSum(udp.length()));
        }
    }

    /** Routers decrement the TTL (NAT forwards as a router does); false when it would reach zero. */
    private boolean decrementHopLimit(boolean v6) {
        int ttl = v6 ? ipv6.hopLimit() : ipv4.timeToLive();
        if (ttl <= 1) {
            drops.count(DropReason.TTL_EXCEEDED);
            return false;
        }
        if (v6) {
            ipv6.hopLimit(ttl - 1);
        } else {
            ipv4.timeToLive(ttl - 1);
        }
        return true;
    }

    /**
     * Queues the frame for (high, low): on its next hop's port, or held until the neighbour resolves; for a TUN
     * destination, wrapped in IPIP once the next hop is known (a TUN frame is not held). Every path out of the
     * forwarder goes through here, the ICMP relay's too.
     */
    boolean forward(MemorySegment memory, long frame, int ipLength, long high, long low, Destination tunnelTo) {
        NextHop hop = nextHops.nextHop(high, low);
        if (hop == null) {
            return tunnelTo == null && pending.hold(memory, frame, EthernetFrame.HEADER_LENGTH + ipLength, high, low, nowNanos);
        }
        if (tunnelTo != null) {
            return tunnel.encapsulate(memory, frame, ipLength, tunnelTo, hop, ports);
        }
        return send(memory, frame, EthernetFrame.HEADER_LENGTH + ipLength, hop);
    }

    /** Rewrites the MACs and queues the frame on the next hop's port. */
    private boolean send(MemorySegment memory, long frame, int length, NextHop nextHop) {
        PacketPort port = ports.get(nextHop.ifIndex());
        if (port == null) {
            drops.count(DropReason.NO_ROUTE);
            return false;
        }
        ethernet.wrap(memory, frame);
        ethernet.destinationMac(nextHop.dstMac());
        ethernet.sourceMac(nextHop.srcMac());
        if (!port.transmit(memory, frame, length)) {
            drops.count(DropReason.TX_FULL);
            return false;
        }
        return true;
    }
}
