package io.vigil.dataplane.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Pins every struct's size and field offsets to the x86_64 values from the glibc and Linux UAPI headers. */
class StructLayoutsTest {

    @Test
    void sockaddrIn() {
        assertEquals(16, SockaddrIn.LAYOUT.byteSize());
        assertEquals(0, SockaddrIn.FAMILY);
        assertEquals(2, SockaddrIn.PORT);
        assertEquals(4, SockaddrIn.ADDRESS);
    }

    @Test
    void sockaddrIn6() {
        assertEquals(28, SockaddrIn6.LAYOUT.byteSize());
        assertEquals(0, SockaddrIn6.FAMILY);
        assertEquals(2, SockaddrIn6.PORT);
        assertEquals(4, SockaddrIn6.FLOWINFO);
        assertEquals(8, SockaddrIn6.ADDRESS);
        assertEquals(24, SockaddrIn6.SCOPE_ID);
    }

    @Test
    void sockaddrLl() {
        assertEquals(20, SockaddrLl.LAYOUT.byteSize());
        assertEquals(0, SockaddrLl.FAMILY);
        assertEquals(2, SockaddrLl.PROTOCOL);
        assertEquals(4, SockaddrLl.IFINDEX);
        assertEquals(8, SockaddrLl.HATYPE);
        assertEquals(10, SockaddrLl.PKTTYPE);
        assertEquals(11, SockaddrLl.HALEN);
        assertEquals(12, SockaddrLl.ADDR);
    }

    @Test
    void multicastRequests() {
        assertEquals(12, IpMreqn.LAYOUT.byteSize());
        assertEquals(0, IpMreqn.MULTIADDR);
        assertEquals(4, IpMreqn.ADDRESS);
        assertEquals(8, IpMreqn.IFINDEX);
        assertEquals(20, Ipv6Mreq.LAYOUT.byteSize());
        assertEquals(0, Ipv6Mreq.MULTIADDR);
        assertEquals(16, Ipv6Mreq.INTERFACE);
    }

    @Test
    void pollFd() {
        assertEquals(8, PollFd.LAYOUT.byteSize());
        assertEquals(0, PollFd.FD);
        assertEquals(4, PollFd.EVENTS);
        assertEquals(6, PollFd.REVENTS);
    }

    @Test
    void tpacketReq3() {
        assertEquals(28, TpacketReq3.LAYOUT.byteSize());
        assertEquals(0, TpacketReq3.BLOCK_SIZE);
        assertEquals(4, TpacketReq3.BLOCK_NR);
        assertEquals(8, TpacketReq3.FRAME_SIZE);
        assertEquals(12, TpacketReq3.FRAME_NR);
        assertEquals(16, TpacketReq3.RETIRE_BLK_TOV);
        assertEquals(20, TpacketReq3.SIZEOF_PRIV);
        assertEquals(24, TpacketReq3.FEATURE_REQ_WORD);
    }

    @Test
    void tpacketBlockDesc() {
        assertEquals(48, TpacketBlockDesc.LAYOUT.byteSize());
        assertEquals(0, TpacketBlockDesc.VERSION);
        assertEquals(8, TpacketBlockDesc.BLOCK_STATUS);
        assertEquals(12, TpacketBlockDesc.NUM_PKTS);
        assertEquals(16, TpacketBlockDesc.OFFSET_TO_FIRST_PKT);
        assertEquals(20, TpacketBlockDesc.BLK_LEN);
        assertEquals(24, TpacketBlockDesc.SEQ_NUM);
        assertEquals(40, TpacketBlockDesc.TS_LAST_PKT);
    }

    @Test
    void tpacket3Hdr() {
        assertEquals(48, Tpacket3Hdr.LAYOUT.byteSize());
        assertEquals(0, Tpacket3Hdr.NEXT_OFFSET);
        assertEquals(4, Tpacket3Hdr.SEC);
        assertEquals(8, Tpacket3Hdr.NSEC);
        assertEquals(12, Tpacket3Hdr.SNAPLEN);
        assertEquals(16, Tpacket3Hdr.LEN);
        assertEquals(20, Tpacket3Hdr.STATUS);
        assertEquals(24, Tpacket3Hdr.MAC);
        assertEquals(26, Tpacket3Hdr.NET);
        assertEquals(32, Tpacket3Hdr.VLAN_TCI);
        assertEquals(48, Tpacket3Hdr.SOCKADDR_LL);
        assertEquals(58, Tpacket3Hdr.SOCKADDR_LL + SockaddrLl.PKTTYPE, "pkttype of a ring frame");
    }

    @Test
    void tpacketReq() {
        assertEquals(16, TpacketReq.LAYOUT.byteSize());
        assertEquals(0, TpacketReq.BLOCK_SIZE);
        assertEquals(4, TpacketReq.BLOCK_NR);
        assertEquals(8, TpacketReq.FRAME_SIZE);
        assertEquals(12, TpacketReq.FRAME_NR);
    }

    @Test
    void tpacket2Hdr() {
        assertEquals(32, Tpacket2Hdr.LAYOUT.byteSize());
        assertEquals(0, Tpacket2Hdr.STATUS);
        assertEquals(4, Tpacket2Hdr.LEN);
        assertEquals(8, Tpacket2Hdr.SNAPLEN);
        assertEquals(12, Tpacket2Hdr.MAC);
        assertEquals(14, Tpacket2Hdr.NET);
        assertEquals(16, Tpacket2Hdr.SEC);
        assertEquals(20, Tpacket2Hdr.NSEC);
        assertEquals(24, Tpacket2Hdr.VLAN_TCI);
        assertEquals(26, Tpacket2Hdr.VLAN_TPID);
        assertEquals(32, Tpacket2Hdr.SOCKADDR_LL, "sockaddr_ll, and a TX frame's data: TPACKET2_HDRLEN - 20");
        assertEquals(42, Tpacket2Hdr.SOCKADDR_LL + SockaddrLl.PKTTYPE, "pkttype of a ring frame");
    }

    @Test
    void tpacketStatsV3() {
        assertEquals(12, TpacketStatsV3.LAYOUT.byteSize());
        assertEquals(0, TpacketStatsV3.PACKETS);
        assertEquals(4, TpacketStatsV3.DROPS);
        assertEquals(8, TpacketStatsV3.FREEZE_Q_CNT);
    }

    @Test
    void messageHeaders() {
        assertEquals(56, MsgHdr.LAYOUT.byteSize());
        assertEquals(0, MsgHdr.NAME);
        assertEquals(8, MsgHdr.NAMELEN);
        assertEquals(16, MsgHdr.IOV);
        assertEquals(24, MsgHdr.IOVLEN);
        assertEquals(32, MsgHdr.CONTROL);
        assertEquals(40, MsgHdr.CONTROLLEN);
        assertEquals(48, MsgHdr.FLAGS);
        assertEquals(16, IoVec.LAYOUT.byteSize());
        assertEquals(8, IoVec.LEN);
        assertEquals(16, CmsgHdr.LAYOUT.byteSize());
        assertEquals(8, CmsgHdr.LEVEL);
        assertEquals(12, CmsgHdr.TYPE);
        assertEquals(16, CmsgHdr.DATA);
        assertEquals(24, CmsgHdr.space(4), "CMSG_SPACE(sizeof(int))");
        assertEquals(40, CmsgHdr.space(20), "CMSG_SPACE(sizeof(struct in6_pktinfo))");
        assertEquals(20, In6Pktinfo.LAYOUT.byteSize());
        assertEquals(16, In6Pktinfo.IFINDEX);
    }

    @Test
    void ifReq() {
        assertEquals(40, IfReq.LAYOUT.byteSize());
        assertEquals(0, IfReq.NAME);
        assertEquals(16, IfReq.HWADDR_FAMILY);
        assertEquals(18, IfReq.HWADDR_DATA);
        assertEquals(16, IfReq.FLAGS);
    }

    @Test
    void networkOrderFieldsAreWrittenBigEndian() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(SockaddrIn.LAYOUT);
            SockaddrIn.write(in, (Inet4Address) InetAddress.getByName("198.18.0.1"), 0x1234);
            assertArrayEquals(new byte[] {2, 0, 0x12, 0x34, (byte) 198, 18, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0},
                    in.toArray(ValueLayout.JAVA_BYTE));
            assertEquals(0xC6120001, SockaddrIn.addressBits(in));

            MemorySegment ll = arena.allocate(SockaddrLl.LAYOUT);
            SockaddrLl.write(ll, PacketSocketOptions.ETH_P_ARP, 7);
            assertArrayEquals(new byte[] {17, 0, 0x08, 0x06, 7, 0, 0, 0},
                    ll.asSlice(0, 8).toArray(ValueLayout.JAVA_BYTE));

            MemorySegment mreq = arena.allocate(IpMreqn.LAYOUT);
            IpMreqn.write(mreq, (Inet4Address) InetAddress.getByName("224.0.0.18"), 3);
            assertArrayEquals(new byte[] {(byte) 224, 0, 0, 18, 0, 0, 0, 0, 3, 0, 0, 0},
                    mreq.toArray(ValueLayout.JAVA_BYTE));

            MemorySegment in6 = arena.allocate(SockaddrIn6.LAYOUT);
            SockaddrIn6.write(in6, (Inet6Address) InetAddress.getByName("ff02::12"), 0, 5);
            byte[] bytes = in6.toArray(ValueLayout.JAVA_BYTE);
            assertEquals(10, bytes[0]);
            assertEquals((byte) 0xff, bytes[8]);
            assertEquals(0x12, bytes[23]);
            assertEquals(5, bytes[24]);
        }
    }
}
