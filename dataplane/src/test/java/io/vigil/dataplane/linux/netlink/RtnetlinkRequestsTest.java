package io.vigil.dataplane.linux.netlink;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Requests byte for byte. The expectations are written out field by field from the struct definitions (host order
 * is little-endian on x86_64; addresses are network order) and match what {@code ip addr add} sends.
 */
class RtnetlinkRequestsTest {

    private final MemorySegment buffer = Arena.ofAuto().allocate(512);
    private final NetlinkRequest request = new NetlinkRequest(buffer);

    private String hex(int length) {
        return HexFormat.of().formatHex(buffer.asSlice(0, length).toArray(JAVA_BYTE));
    }

    private static String squeeze(String spaced) {
        return spaced.replace(" ", "").replace("|", "");
    }

    @Test
    void newIpv4AddressLikeIpAddrAdd() throws Exception {
        int length = RtnetlinkRequests.newAddress(request, 42,
                IfAddress.of(7, InetAddress.getByName("198.18.0.100"), 32));
        assertEquals(40, length);
        assertEquals(squeeze(
                  "28000000 1400 0506 2a000000 00000000 |" // nlmsghdr: len 40, RTM_NEWADDR, REQUEST|ACK|EXCL|CREATE, seq 42
                + "02 20 00 00 07000000 |"                 // ifaddrmsg: AF_INET, /32, flags 0, universe, ifindex 7
                + "0800 0200 c6120064 |"                   // IFA_LOCAL 198.18.0.100
                + "0800 0100 c6120064"),                   // IFA_ADDRESS 198.18.0.100
                hex(length));
    }

    @Test
    void setLinkUpAndDownLikeIpLinkSet() {
        int length = RtnetlinkRequests.setLinkUp(request, 9, 7, true);
        assertEquals(32, length);
        assertEquals(squeeze(
                  "20000000 1000 0500 09000000 00000000 |" // nlmsghdr: len 32, RTM_NEWLINK, REQUEST|ACK, seq 9
                + "00 00 0000 07000000 01000000 01000000"),  // ifinfomsg: AF_UNSPEC, ifindex 7, IFF_UP, change IFF_UP
                hex(length));
        RtnetlinkRequests.setLinkUp(request, 10, 7, false);
        assertEquals(squeeze("20000000 1000 0500 0a000000 00000000 | 00 00 0000 07000000 00000000 01000000"),
                hex(length));
    }

    @Test
    void useNeighbourAsksTheKernelToResolve() throws Exception {
        int length = RtnetlinkRequests.useNeighbour(request, 9, 7, InetAddress.getByName("198.18.0.3"));
        assertEquals(36, length);
        assertEquals(squeeze(
                  "24000000 1c00 0505 09000000 00000000 |" // nlmsghdr: len 36, RTM_NEWNEIGH, REQUEST|ACK|REPLACE|CREATE
                + "02 00 0000 07000000 0000 01 00 |"       // ndmsg: AF_INET, ifindex 7, NUD_NONE, NTF_USE, type 0
                + "0800 0100 c6120003"),                   // NDA_DST 198.18.0.3
                hex(length));
    }

    @Test
    void labelIsNulTerminatedAndPaddedAfterBroadcast() throws Exception {
        IfAddress vip = IfAddress.of(3, InetAddress.getByName("198.18.0.100"), 24)
                .withBroadcast(InetAddress.getByName("198.18.0.255")).withLabel("vb:vip");
        int length = RtnetlinkRequests.newAddress(request, 1, vip);
        assertEquals(60, length);
        assertEquals(squeeze(
                  "3c000000 1400 0506 01000000 00000000 |"
                + "02 18 00 00 03000000 |"
                + "0800 0200 c6120064 | 0800 0100 c6120064 |"
                + "0800 0400 c61200ff |"                   // IFA_BROADCAST 198.18.0.255
                + "0b00 0300 76623a766970 00 | 00"),       // IFA_LABEL "vb:vip\0", rta_len 11, one pad byte
                hex(length));
    }

    @Test
    void ipv6AddressWithNodad() throws Exception {
        IfAddress a = IfAddress.of(5, InetAddress.getByName("fd00:198:18::1"), 64).withFlags(NetlinkConstants.IFA_F_NODAD);
        int length = RtnetlinkRequests.newAddress(request, 7, a);
        assertEquals(squeeze(
                  "40000000 1400 0506 07000000 00000000 |"
                + "0a 40 02 00 05000000 |"                 // AF_INET6, /64, IFA_F_NODAD
                + "1400 0200 fd000198001800000000000000000001 |"
                + "1400 0100 fd000198001800000000000000000001"),
                hex(length));
    }

    @Test
    void aDeprecatedAddressTravelsAsPreferredLifetimeZeroValidForever() throws Exception {
        IfAddress a = IfAddress.of(5, InetAddress.getByName("fd00:198:18::1"), 128)
                .withFlags(IfAddress.NODAD | IfAddress.DEPRECATED);
        int length = RtnetlinkRequests.newAddress(request, 7, a);
        assertEquals(squeeze(
                  "54000000 1400 0506 07000000 00000000 |"
                + "0a 80 02 00 05000000 |"                 // AF_INET6, /128, IFA_F_NODAD only: the kernel ignores DEPRECATED
                + "1400 0200 fd000198001800000000000000000001 |"
                + "1400 0100 fd000198001800000000000000000001 |"
                + "1400 0600 00000000 ffffffff 00000000 00000000"), // IFA_CACHEINFO: prefered 0, valid forever
                hex(length));
    }

    @Test
    void flagsAboveEightBitsGoInIfaFlags() throws Exception {
        IfAddress a = IfAddress.of(7, InetAddress.getByName("198.18.0.100"), 32).withFlags(0x200);
        int length = RtnetlinkRequests.newAddress(request, 42, a);
        assertEquals(squeeze(
                  "30000000 1400 0506 2a000000 00000000 | 02 20 00 00 07000000 |"
                + "0800 0200 c6120064 | 0800 0100 c6120064 |"
                + "0800 0800 00020000"),                   // IFA_FLAGS 0x200 (IFA_F_NOPREFIXROUTE)
                hex(length));
    }

    @Test
    void deleteAddressIsAckedWithoutCreateFlags() throws Exception {
        int length = RtnetlinkRequests.deleteAddress(request, 9,
                IfAddress.of(7, InetAddress.getByName("198.18.0.100"), 32).withLabel("va:1"));
        assertEquals(squeeze(
                  "28000000 1500 0500 09000000 00000000 | 02 20 00 00 07000000 |"
                + "0800 0200 c6120064 | 0800 0100 c6120064"),
                hex(length));
    }

    @Test
    void routeGetAndNeighbourGet() throws Exception {
        InetAddress peer = InetAddress.getByName("198.18.0.2");
        int length = RtnetlinkRequests.getRoute(request, 3, peer);
        assertEquals(squeeze("24000000 1a00 0100 03000000 00000000 | 02 20 00 00 00 00 00 00 00000000 |"
                + "0800 0100 c6120002"), hex(length));
        length = RtnetlinkRequests.getNeighbour(request, 5, 4, peer);
        assertEquals(squeeze("24000000 1e00 0100 05000000 00000000 | 02 00 0000 04000000 0000 00 00 |"
                + "0800 0100 c6120002"), hex(length));
    }

    @Test
    void dumpsAndLookups() {
        assertEquals(squeeze("20000000 1200 0103 01000000 00000000 | 00 00 0000 00000000 00000000 00000000"),
                hex(RtnetlinkRequests.dumpLinks(request, 1)));
        assertEquals(squeeze("18000000 1600 0103 02000000 00000000 | 00 00 00 00 00000000"),
                hex(RtnetlinkRequests.dumpAddresses(request, 2)));
        assertEquals(squeeze("28000000 1200 0100 03000000 00000000 | 00 00 0000 00000000 00000000 00000000 |"
                + "0700 0300 766200 00"), hex(RtnetlinkRequests.getLink(request, 3, "vb")));
        assertEquals(squeeze("20000000 1200 0100 04000000 00000000 | 00 00 0000 09000000 00000000 00000000"),
                hex(RtnetlinkRequests.getLink(request, 4, 9)));
    }

    @Test
    void reusingTheBufferLeavesNoOldBytes() throws Exception {
        RtnetlinkRequests.newAddress(request, 1, IfAddress.of(3, InetAddress.getByName("198.18.0.100"), 24)
                .withLabel("vb:a-long-one"));
        int length = RtnetlinkRequests.newAddress(request, 42, IfAddress.of(7, InetAddress.getByName("198.18.0.100"), 32));
        assertEquals("28000000140005062a0000000000000002200000070000000800020" + "0c61200640800010" + "0c6120064",
                hex(length));
    }

    @Test
    void overflowingTheBufferIsAProgrammingError() {
        NetlinkRequest tiny = new NetlinkRequest(Arena.ofAuto().allocate(24));
        tiny.begin(NetlinkConstants.RTM_GETLINK, 1, 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> tiny.header(NetlinkStructs.IFINFOMSG));
        assertEquals("netlink request of 32 bytes exceeds the 24-byte buffer", e.getMessage());
    }
}
