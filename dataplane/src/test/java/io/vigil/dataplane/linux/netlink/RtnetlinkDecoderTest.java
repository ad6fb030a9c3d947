package io.vigil.dataplane.linux.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RtnetlinkDecoderTest {

    private final ParseDiagnostics diagnostics = new ParseDiagnostics();
    private final RtnetlinkDecoder decoder = new RtnetlinkDecoder(diagnostics);
    private final NetlinkCursor cursor = new NetlinkCursor();

    private NetlinkCursor first(byte[] datagram) {
        cursor.wrap(Datagrams.segment(datagram), datagram.length);
        assertTrue(cursor.next(), "expected a message");
        return cursor;
    }

    @Test
    void capturedAddressDumpOfAFreshNamespace() throws Exception {
        // RTM_GETADDR dump from kernel 6.18 in a new namespace with lo up: 127.0.0.1/8, ::1/128, NLMSG_DONE.
        byte[] datagram = Datagrams.captured("lo-addr-dump");
        cursor.wrap(Datagrams.segment(datagram), datagram.length);
        List<IfAddress> addresses = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        while (cursor.next()) {
            types.add(cursor.type());
            assertEquals(1, cursor.seq());
            assertEquals(0x4385, cursor.pid());
            assertEquals(NetlinkConstants.NLM_F_MULTI, cursor.flags() & NetlinkConstants.NLM_F_MULTI);
            if (cursor.type() == NetlinkConstants.RTM_NEWADDR) {
                addresses.add(decoder.address(cursor));
            }
        }
        assertNull(cursor.malformed());
        assertEquals(List.of(20, 20, 3), types);
        assertEquals(new IfAddress(1, InetAddress.getByName("127.0.0.1"), 8, NetlinkConstants.RT_SCOPE_HOST,
                NetlinkConstants.IFA_F_PERMANENT, Optional.of("lo"), Optional.empty()), addresses.get(0));
        assertEquals(new IfAddress(1, InetAddress.getByName("::1"), 128, NetlinkConstants.RT_SCOPE_HOST,
                NetlinkConstants.IFA_F_PERMANENT, Optional.empty(), Optional.empty()), addresses.get(1));
        assertEquals(0, diagnostics.count());
    }

    @Test
    void capturedLinkDumpOfLoopback() {
        byte[] datagram = Datagrams.captured("lo-link-dump");
        Link lo = decoder.link(first(datagram));
        assertEquals(1, lo.index());
        assertEquals("lo", lo.name());
        assertEquals(65536, lo.mtu());
        assertEquals(Optional.of(LinkLayerAddress.parse("00:00:00:00:00:00")), lo.address());
        assertEquals(OperState.UNKNOWN, lo.operState());
        assertEquals(NetlinkConstants.IFF_UP | NetlinkConstants.IFF_LOOPBACK | NetlinkConstants.IFF_RUNNING
                | NetlinkConstants.IFF_LOWER_UP, lo.flags());
        assertTrue(lo.up());
        assertTrue(cursor.next());
        assertEquals(NetlinkConstants.NLMSG_DONE, cursor.type());
        assertFalse(cursor.next());
        assertNull(cursor.malformed());
    }

    static byte[] vethLink(int flags, int operState) {
        NetlinkRequest m = Datagrams.builder().begin(NetlinkConstants.RTM_NEWLINK, 0, 0);
        int h = m.header(NetlinkStructs.IFINFOMSG);
        m.putU32(h + NetlinkStructs.IFI_INDEX, 4).putU32(h + NetlinkStructs.IFI_FLAGS, flags);
        m.attributeString(NetlinkConstants.IFLA_IFNAME, "va");
        m.attribute(NetlinkConstants.IFLA_ADDRESS, LinkLayerAddress.parse("aa:12:10:c3:1e:9b").bytes());
        m.attributeU32(NetlinkConstants.IFLA_MTU, 1500);
        m.attribute(NetlinkConstants.IFLA_OPERSTATE, new byte[] {(byte) operState});
        return Datagrams.bytes(m);
    }

    @Test
    void linkUpNeedsAdminUpCarrierAndOperationalState() {
        int upFlags = NetlinkConstants.IFF_UP | NetlinkConstants.IFF_LOWER_UP | NetlinkConstants.IFF_RUNNING;
        Link up = decoder.link(first(vethLink(upFlags, 6)));
        assertEquals(new Link(4, "va", Optional.of(LinkLayerAddress.parse("aa:12:10:c3:1e:9b")), 1500, upFlags,
                OperState.UP), up);
        assertTrue(up.up());
        Link peerDown = decoder.link(first(vethLink(NetlinkConstants.IFF_UP, 3)));
        assertEquals(OperState.LOWERLAYERDOWN, peerDown.operState());
        assertTrue(peerDown.adminUp());
        assertFalse(peerDown.up());
        assertFalse(decoder.link(first(vethLink(0, 2))).up());
        Link noCarrierUnknownState = decoder.link(first(vethLink(NetlinkConstants.IFF_UP, 0)));
        assertEquals(OperState.UNKNOWN, noCarrierUnknownState.operState());
        assertFalse(noCarrierUnknownState.up(), "a driver that reports no operstate still needs IFF_LOWER_UP");
    }

    @Test
    void routeReplyWithGatewayAndPreferredSource() throws Exception {
        NetlinkRequest m = Datagrams.builder().begin(NetlinkConstants.RTM_NEWROUTE, 0, 3);
        int h = m.header(NetlinkStructs.RTMSG);
        m.putU8(h + NetlinkStructs.RTM_FAMILY, 2).putU8(h + NetlinkStructs.RTM_TYPE, NetlinkConstants.RTN_UNICAST);
        m.attributeU32(NetlinkConstants.RTA_TABLE, 254);
        m.attribute(NetlinkConstants.RTA_DST, InetAddress.getByName("198.19.5.5").getAddress());
        m.attributeU32(NetlinkConstants.RTA_OIF, 4);
        m.attribute(NetlinkConstants.RTA_PREFSRC, InetAddress.getByName("198.18.0.1").getAddress());
        m.attribute(NetlinkConstants.RTA_GATEWAY, InetAddress.getByName("198.18.0.2").getAddress());
        Route r = decoder.route(first(Datagrams.bytes(m)));
        assertEquals(new Route(InetAddress.getByName("198.19.5.5"), 4, Optional.of(InetAddress.getByName("198.18.0.2")),
                Optional.of(InetAddress.getByName("198.18.0.1")), NetlinkConstants.RTN_UNICAST), r);
        assertEquals(InetAddress.getByName("198.18.0.2"), r.nextHop());
        assertFalse(r.local());
    }

    @Test
    void neighbourWithAndWithoutLinkAddress() throws Exception {
        NetlinkRequest m = Datagrams.builder().begin(NetlinkConstants.RTM_NEWNEIGH, 0, 5);
        int h = m.header(NetlinkStructs.NDMSG);
        m.putU8(h + NetlinkStructs.NDM_FAMILY, 2).putU32(h + NetlinkStructs.NDM_IFINDEX, 4)
                .putU16(h + NetlinkStructs.NDM_STATE, NetlinkConstants.NUD_REACHABLE);
        m.attribute(NetlinkConstants.NDA_DST, InetAddress.getByName("198.18.0.2").getAddress());
        m.attribute(NetlinkConstants.NDA_LLADDR, LinkLayerAddress.parse("02:00:00:00:00:02").bytes());
        Neighbour n = decoder.neighbour(first(Datagrams.bytes(m)));
        assertEquals(Optional.of(LinkLayerAddress.parse("02:00:00:00:00:02")), n.linkAddress());
        assertEquals("REACHABLE", n.stateName());
        assertTrue(n.usable());

        NetlinkRequest incomplete = Datagrams.builder().begin(NetlinkConstants.RTM_NEWNEIGH, 0, 5);
        h = incomplete.header(NetlinkStructs.NDMSG);
        incomplete.putU32(h + NetlinkStructs.NDM_IFINDEX, 4).putU16(h + NetlinkStructs.NDM_STATE, NetlinkConstants.NUD_INCOMPLETE);
        incomplete.attribute(NetlinkConstants.NDA_DST, InetAddress.getByName("198.18.0.9").getAddress());
        Neighbour pending = decoder.neighbour(first(Datagrams.bytes(incomplete)));
        assertEquals(Optional.empty(), pending.linkAddress());
        assertEquals("INCOMPLETE", pending.stateName());
        assertFalse(pending.usable());
    }

    static byte[] error(int error, String kernelText) {
        NetlinkRequest m = Datagrams.builder().begin(NetlinkConstants.NLMSG_ERROR,
                kernelText == null ? NetlinkConstants.NLM_F_CAPPED
                        : NetlinkConstants.NLM_F_CAPPED | NetlinkConstants.NLM_F_ACK_TLVS, 42);
        int h = m.header(NetlinkStructs.NLMSGERR);
        m.putU32(h + NetlinkStructs.NLMSGERR_ERROR, error)
                .putU32(h + NetlinkStructs.NLMSGERR_MSG + NetlinkStructs.NLMSG_LEN, 40)
                .putU16(h + NetlinkStructs.NLMSGERR_MSG + NetlinkStructs.NLMSG_TYPE, NetlinkConstants.RTM_NEWADDR);
        if (kernelText != null) {
            m.attributeString(NetlinkConstants.NLMSGERR_ATTR_MSG, kernelText);
        }
        return Datagrams.bytes(m);
    }

    @Test
    void acksAndErrorsWithTheKernelsText() {
        assertEquals(new NetlinkAck(0, Optional.empty()), decoder.ack(first(error(0, null))));
        assertEquals(new NetlinkAck(17, Optional.empty()), decoder.ack(first(error(-17, null))));
        assertEquals(new NetlinkAck(22, Optional.of("Invalid prefix for given prefix length")),
                decoder.ack(first(error(-22, "Invalid prefix for given prefix length"))));
    }

    @Test
    void announcementsBecomeEvents() throws Exception {
        RtnetlinkEvent e = decoder.event(first(vethLink(NetlinkConstants.IFF_UP, 2)));
        LinkChanged changed = assertInstanceOf(LinkChanged.class, e);
        assertEquals("va", changed.link().name());
        assertFalse(changed.up());

        NetlinkRequest del = Datagrams.builder().begin(NetlinkConstants.RTM_DELADDR, 0, 0);
        RtnetlinkRequests.deleteAddress(del, 0, IfAddress.of(4, InetAddress.getByName("198.18.0.100"), 32));
        AddressRemoved removed = assertInstanceOf(AddressRemoved.class, decoder.event(first(Datagrams.bytes(del))));
        assertEquals("198.18.0.100/32", removed.address().cidr());
        assertEquals(4, removed.address().index());

        NetlinkRequest other = Datagrams.builder().begin(NetlinkConstants.RTM_NEWROUTE, 0, 0);
        other.header(NetlinkStructs.RTMSG);
        assertNull(decoder.event(first(Datagrams.bytes(other))));
        assertEquals(0, diagnostics.count(), "an uninteresting type is not malformed");
    }
}
