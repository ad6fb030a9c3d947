package io.vigil.dataplane.packet;

import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;

/**
 * Builds the gratuitous ARP a new VRRP master sends for each VIP, as keepalived does (vrrp_arp.c; see
 * reference/keepalived.md §2.10): an ARP <em>request</em> (RFC 826 op 1, RFC 5227 §3 "ARP Announcement") in an
 * Ethernet broadcast, sender MAC = the interface MAC, sender IP = target IP = the VIP, target MAC = broadcast.
 * With the default arp_accept = 0 a neighbour updates an existing entry for the VIP but creates none.
 */
public final class GratuitousArp {

    /** Frame length: Ethernet header + ARP, unpadded (the driver pads to the 60-byte minimum). */
    public static final int FRAME_LENGTH = EthernetFrame.HEADER_LENGTH + ArpPacket.LENGTH;

    private final EthernetFrame ethernet = new EthernetFrame();
    private final ArpPacket arp = new ArpPacket();

    /** Writes the frame for {@code vip} from {@code source} at the start of {@code frame}; returns its length. */
    public int write(MemorySegment frame, MacAddress source, Inet4Address vip) {
        if (frame.byteSize() < FRAME_LENGTH) {
            throw new IllegalArgumentException("buffer of " + frame.byteSize() + " bytes, a GARP needs " + FRAME_LENGTH);
        }
        byte[] a = vip.getAddress();
        int address = (a[0] & 0xff) << 24 | (a[1] & 0xff) << 16 | (a[2] & 0xff) << 8 | (a[3] & 0xff);
        ethernet.wrap(frame, 0).destination(MacAddress.BROADCAST).source(source).etherType(EthernetFrame.TYPE_ARP);
        arp.wrap(frame, ethernet.payloadOffset()).ethernetIpv4(ArpPacket.OPER_REQUEST)
                .senderHardwareAddress(source).senderProtocolAddress(address)
                .targetHardwareAddress(MacAddress.BROADCAST).targetProtocolAddress(address);
        return FRAME_LENGTH;
    }
}
