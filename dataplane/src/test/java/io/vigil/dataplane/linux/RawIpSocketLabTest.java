package io.vigil.dataplane.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.lab.LabProcess;
import io.vigil.dataplane.lab.Netns;
import io.vigil.dataplane.lab.NetnsLab;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** VRRPv3 adverts go from namespace A to B through RawIpSocket, and tcpdump in B checks their checksum. */
@Tag("netns")
class RawIpSocketLabTest {

    @RegisterExtension
    static final NetnsLab lab = new NetnsLab();

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static Netns a;
    private static Netns b;

    @BeforeAll
    static void topology() {
        VethPair pair = VethPair.create(lab);
        a = pair.a();
        b = pair.b();
        // Link-local sources (RFC 5798 §5.1.2.2) without duplicate address detection, so they are usable at once.
        a.exec("ip", "-6", "addr", "add", "fe80::a/64", "dev", "va", "nodad").orThrow();
        b.exec("ip", "-6", "addr", "add", "fe80::b/64", "dev", "vb", "nodad").orThrow();
    }

    private static LabProcess tcpdump(String filter) {
        LabProcess p = b.start("tcpdump", "-l", "-n", "-vv", "-i", "vb", filter);
        p.awaitOutput(Pattern.compile("listening on vb"), WAIT);
        return p;
    }

    @Test
    void ipv4AdvertArrivesWithTtl255AndTcpdumpFindsTheChecksumGood() throws Exception {
        InetAddress source = InetAddress.getByName("198.18.0.1");
        InetAddress group = InetAddress.getByName("224.0.0.18");
        InetAddress vip = InetAddress.getByName("198.18.0.100");
        LabProcess tcpdump = tcpdump("vrrp");
        try (RawIpSocket receiver = b.call(() -> RawIpSocket.receiver("vb", SocketOptions.IPPROTO_VRRP, StandardProtocolFamily.INET));
             RawIpSocket sender = a.call(() -> RawIpSocket.sender("va", SocketOptions.IPPROTO_VRRP, source));
             Arena arena = Arena.ofConfined()) {
            receiver.joinGroup(group);
            byte[] good = VrrpV3Advert.build(51, 200, 100, source, group, vip, false);
            assertTrue(sender.send(VrrpV3Advert.toNative(arena, good), group));

            assertTrue(receiver.awaitReadable(5000), "no advert reached B");
            ReceivedDatagram d = ReceivedDatagram.allocate(arena, 2048);
            assertTrue(receiver.receive(d));
            assertFalse(d.ipv6());
            assertEquals(20, d.ipHeaderLength());
            assertEquals(255, d.hopLimit());
            assertEquals(source, d.source());
            assertEquals(group, d.destination());
            assertEquals(receiver.ifindex(), d.ifindex());
            assertArrayEquals(good, d.buffer().asSlice(d.payloadOffset(), d.payloadLength()).toArray(ValueLayout.JAVA_BYTE));
            assertEquals(SocketOptions.IPPROTO_VRRP, d.buffer().get(ValueLayout.JAVA_BYTE, 9));

            Matcher decoded = tcpdump.awaitOutput(Pattern.compile(".*VRRPv3, Advertisement, vrid 51, prio 200.*"), WAIT);
            assertTrue(decoded.group().contains("addrs: 198.18.0.100"), decoded.group());
            assertFalse(decoded.group().contains("bad vrrp cksum"), decoded.group());
            assertTrue(tcpdump.output().contains("ttl 255"), tcpdump.output());

            // Negative control: the same advert with a broken checksum is flagged by tcpdump.
            byte[] bad = VrrpV3Advert.build(52, 200, 100, source, group, vip, true);
            assertTrue(sender.send(VrrpV3Advert.toNative(arena, bad), group));
            Matcher flagged = tcpdump.awaitOutput(Pattern.compile(".*VRRPv3, Advertisement, vrid 52.*"), WAIT);
            assertTrue(flagged.group().contains("bad vrrp cksum"), flagged.group());

            receiver.leaveGroup(group);
        }
    }

    @Test
    void ipv6AdvertArrivesWithHopLimit255FromAncillaryData() throws Exception {
        InetAddress source = InetAddress.getByName("fe80::a");
        InetAddress group = InetAddress.getByName("ff02::12");
        InetAddress vip = InetAddress.getByName("fd00::100");
        LabProcess tcpdump = tcpdump("ip6 proto 112");
        try (RawIpSocket receiver = b.call(() -> RawIpSocket.receiver("vb", SocketOptions.IPPROTO_VRRP, StandardProtocolFamily.INET6));
             RawIpSocket sender = a.call(() -> RawIpSocket.sender("va", SocketOptions.IPPROTO_VRRP, source));
             Arena arena = Arena.ofConfined()) {
            receiver.joinGroup(group);
            byte[] good = VrrpV3Advert.build(61, 150, 100, source, group, vip, false);
            assertTrue(sender.send(VrrpV3Advert.toNative(arena, good), group));

            assertTrue(receiver.awaitReadable(5000), "no advert reached B");
            ReceivedDatagram d = ReceivedDatagram.allocate(arena, 2048);
            assertTrue(receiver.receive(d));
            assertTrue(d.ipv6());
            assertEquals(0, d.payloadOffset());
            assertEquals(255, d.hopLimit());
            assertArrayEquals(source.getAddress(), d.source().getAddress());
            assertEquals(group, d.destination());
            assertEquals(receiver.ifindex(), d.ifindex());
            assertArrayEquals(good, d.buffer().asSlice(0, d.length()).toArray(ValueLayout.JAVA_BYTE));

            Matcher decoded = tcpdump.awaitOutput(Pattern.compile(".*VRRPv3, Advertisement, vrid 61, prio 150.*"), WAIT);
            assertFalse(decoded.group().contains("bad vrrp cksum"), decoded.group());
            assertTrue(tcpdump.output().contains("hlim 255"), tcpdump.output());
        }
    }
}
