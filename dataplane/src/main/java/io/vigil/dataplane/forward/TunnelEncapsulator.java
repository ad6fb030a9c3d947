package io.vigil.dataplane.forward;

import io.vigil.dataplane.api.DropReason;
import io.vigil.dataplane.packet.EthernetFrame;
import io.vigil.dataplane.packet.IcmpErrorWriter;
import io.vigil.dataplane.packet.IpipEncapsulation;
import io.vigil.dataplane.packet.Ipv4Header;
import io.vigil.dataplane.port.PacketPort;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * LVS-TUN: wraps the client's IPv4 packet in IPIP (RFC 2003), director to real server, as ip_vs_tunnel_xmit does.
 * When the encapsulated packet no longer fits the route's MTU and the client set DF, the client gets an ICMP
 * fragmentation needed with the MTU it must use (RFC 1191), from the VIP, and the packet is dropped.
 *
 * <p>Threading: owned by the worker; allocation-free (one scratch frame, allocated once).
 */
public final class TunnelEncapsulator {

    private static final int SCRATCH = EthernetFrame.HEADER_LENGTH + 65_535 + IpipEncapsulation.OVERHEAD;

    private final MemorySegment scratch = Arena.ofAuto().allocate(SCRATCH, 8);
    private final IpipEncapsulation ipip = new IpipEncapsulation(IpipEncapsulation.COPY_INNER_TTL, 1);
    private final IcmpErrorWriter errors = new IcmpErrorWriter(1);
    private final EthernetFrame ethernet = new EthernetFrame();
    private final Ipv4Header inner = new Ipv4Header();
    private final DropCounters drops;
    private PacketPort ingress;

    public TunnelEncapsulator(DropCounters drops) {
        this.drops = drops;
    }

    /** The port the current batch came from: where ICMP errors go back. */
    public void ingress(PacketPort port) {
        this.ingress = port;
    }

    /**
     * Encapsulates the IPv4 packet of the frame at {@code frame} and queues it on the next hop's port.
     *
     * @return whether it was queued
     */
    public boolean encapsulate(MemorySegment memory, long frame, int ipLength, Destination destination, NextHop hop,
                               Int2ObjectHashMap<PacketPort> ports) {
        PacketPort port = ports.get(hop.ifIndex());
        if (port == null || hop.sourceV4() == 0) {
            drops.count(DropReason.NO_ROUTE);
            return false;
        }
        long l3 = frame + EthernetFrame.HEADER_LENGTH;
        if (ipLength + IpipEncapsulation.OVERHEAD > hop.mtu()) {
            inner.wrap(memory, l3, ipLength);
            if (inner.dontFragment()) {
                tooBig(memory, frame, ipLength, inner.destinationAddress(), IpipEncapsulation.innerMtu(hop.mtu()));
            }
            drops.count(DropReason.TOO_BIG);
            return false;
        }
        int outer = ipip.encapsulate(memory, l3, ipLength, scratch, EthernetFrame.HEADER_LENGTH, hop.sourceV4(),
                (int) destination.addressLow());
        if (outer < 0) {
            drops.count(DropReason.BAD_HEADER);
            return false;
        }
        ethernet.wrap(scratch, 0);
        ethernet.destinationMac(hop.dstMac());
        ethernet.sourceMac(hop.srcMac());
        ethernet.etherType(EthernetFrame.TYPE_IPV4);
        if (!port.transmit(scratch, 0, EthernetFrame.HEADER_LENGTH + outer)) {
            drops.count(DropReason.TX_FULL);
            return false;
        }
        return true;
    }

    /** ICMP fragmentation needed back to the client, out of the port the packet came in on, from the VIP. */
    private void tooBig(MemorySegment memory, long frame, int ipLength, int vip, int mtu) {
        if (ingress == null) {
            return;
        }
        int length = errors.fragmentationNeeded(memory, frame, EthernetFrame.HEADER_LENGTH + ipLength, vip, mtu,
                scratch, 0, (int) scratch.byteSize());
        if (length != IcmpErrorWriter.NOT_SENT) {
            ingress.transmit(scratch, 0, length);
        }
    }
}
