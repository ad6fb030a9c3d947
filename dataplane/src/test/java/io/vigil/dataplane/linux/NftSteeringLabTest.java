package io.vigil.dataplane.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.lab.Netns;
import io.vigil.dataplane.lab.NetnsLab;
import io.vigil.dataplane.api.Protocol;
import io.vigil.dataplane.lab.LabProcess;
import java.lang.foreign.ValueLayout;
import java.io.IOException;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The steering table in A drops the owned flows (kernel counters), the ring in A still sees them, the kernel
 * still gets everything else (a RST for an unowned port, ping, health-check replies), and the table goes away.
 */
@Tag("netns")
class NftSteeringLabTest {

    @RegisterExtension
    static final NetnsLab lab = new NetnsLab();

    private static final int DROPPED_PORT = 5353;
    private static final int OPEN_PORT = 5354;
    private static final String TABLE = "vigiltest";
    private static final String VIP = "198.18.0.100";
    private static final String VIP6 = "fd00::100";
    private static final int RS_PORT = 8080;
    private static VethPair pair;
    private static Netns a;
    private static Netns b;

    @BeforeAll
    static void topology() {
        pair = VethPair.create(lab);
        a = pair.a();
        b = pair.b();
    }


    private static int receiveAll(DatagramSocket socket) throws Exception {
        int received = 0;
        byte[] buffer = new byte[1500];
        try {
            while (true) {
                socket.receive(new DatagramPacket(buffer, buffer.length));
                received++;
            }
        } catch (SocketTimeoutException end) {
            return received;
        }
    }

    /** Frames in the ring for IPv4 protocol {@code protocol} to destination port {@code port}, read for 2 s. */
    private static int framesToPortInRing(PacketRing ring, int protocol, int port) throws Exception {
        int[] seen = {0};
        ValueLayout.OfShort u16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
        FrameVisitor visitor = (segment, offset, length, packetType, ifindex, status) -> {
            if (length >= 42 && (segment.get(u16, offset + 12) & 0xffff) == 0x0800
                    && segment.get(ValueLayout.JAVA_BYTE, offset + 23) == protocol
                    && (segment.get(u16, offset + 36) & 0xffff) == port) {
                seen[0]++;
            }
        };
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < deadline) {
            if (!ring.ready()) {
                ring.poll(100);
            }
            ring.read(visitor);
        }
        return seen[0];
    }

    private static void steer(NftSteering steering, OwnedFlow... flows) throws Exception {
        a.call(() -> {
            steering.steer(Set.of(flows));
            return null;
        });
    }

    @Test
    void steeringDropsOwnedFlowsWhileTheRingSeesThemAndCloseRemovesTheTable() throws Exception {
        // A stale table from a crashed run, with a chain the new rules must not keep.
        a.execWithInput("table netdev " + TABLE + " {\n\tchain stale {\n\t}\n}\n", "nft", "-f", "-").orThrow();
        NftSteering steering = new NftSteering(TABLE);
        assertTrue(a.call(steering::reconcile), "the stale table is found");
        assertFalse(a.call(steering::present));
        assertFalse(a.call(steering::reconcile), "nothing stale the second time");

        OwnedFlow flow = OwnedFlow.service("va", Protocol.UDP, InetAddress.getByName("198.18.0.1"), DROPPED_PORT);
        steer(steering, flow);
        String listing = a.exec("nft", "list", "table", "netdev", TABLE).orThrow().stdout();
        assertTrue(listing.contains("udp dport " + DROPPED_PORT), listing);
        assertEquals(Set.of(flow), steering.owned());

        try (DatagramSocket dropped = a.call(() -> new DatagramSocket(new InetSocketAddress("198.18.0.1", DROPPED_PORT)));
             DatagramSocket open = a.call(() -> new DatagramSocket(new InetSocketAddress("198.18.0.1", OPEN_PORT)));
             PacketRing ring = a.call(() -> PacketRing.open("va", RingConfig.defaults()))) {
            dropped.setSoTimeout(500);
            open.setSoTimeout(500);
            pair.sendFromB(DROPPED_PORT, 5);
            pair.sendFromB(OPEN_PORT, 3);

            assertEquals(0, receiveAll(dropped), "datagrams to the steered port reached the kernel socket");
            assertEquals(3, receiveAll(open), "datagrams to another port must still be delivered");
            assertEquals(5, framesToPortInRing(ring, 17, DROPPED_PORT), "the ring sees the dropped frames");
            List<RuleCounter> counters = a.call(steering::counters);
            assertEquals(1, counters.size());
            assertEquals(flow, counters.get(0).flow());
            assertEquals(5, counters.get(0).packets());

            a.call(() -> {
                steering.close();
                return null;
            });
            assertFalse(a.call(steering::present));
            pair.sendFromB(DROPPED_PORT, 2);
            assertEquals(2, receiveAll(dropped), "after close() the kernel gets the datagrams again");
        }
        a.call(() -> {
            steering.close(); // idempotent
            return null;
        });
    }

    @Test
    void aSynToAnOwnedServiceGetsNoRstFromTheKernelAndPingToTheVipIsStillAnswered() throws Exception {
        lab.address(a, "va", VIP + "/32");
        b.exec("ip", "route", "replace", VIP + "/32", "dev", "vb").orThrow();
        NftSteering steering = new NftSteering(TABLE);
        steer(steering, OwnedFlow.service("va", Protocol.TCP, InetAddress.getByName(VIP), 80),
                OwnedFlow.service("va", Protocol.UDP, InetAddress.getByName(VIP), 0));
        LabProcess tcpdump = b.start("tcpdump", "-i", "vb", "-n", "-l", "-U", "tcp");
        tcpdump.awaitOutput(Pattern.compile("listening on vb"), Duration.ofSeconds(10));
        try (PacketRing ring = a.call(() -> PacketRing.open("va", RingConfig.defaults()))) {
            // Port 80 is owned: the kernel of A never sees the SYN, so B's connect times out instead of being refused.
            assertEquals("timeout", connectFromB(80));
            assertTrue(framesToPortInRing(ring, 6, 80) >= 1, "the SYN is in the AF_PACKET ring");
            // Port 81 is not: A's kernel answers with a RST (the control that shows the test can see one).
            assertEquals("refused", connectFromB(81));
            String rstFrom81 = VIP + ".81 > 198.18.0.2.\\d+: Flags \\[R";
            tcpdump.awaitOutput(Pattern.compile(rstFrom81), Duration.ofSeconds(5));
            assertFalse(Pattern.compile(VIP + ".80 > ").matcher(tcpdump.output()).find(), tcpdump.output());
            assertTrue(b.exec("ping", "-c", "1", "-W", "2", VIP).ok(), "ping to the VIP is still answered");
        } finally {
            tcpdump.kill();
            a.call(() -> {
                steering.close();
                return null;
            });
        }
    }

    @Test
    void anIpv6ServiceIsOwnedToo() throws Exception {
        a.exec("ip", "addr", "add", "fd00::1/64", "dev", "va", "nodad").orThrow();
        a.exec("ip", "addr", "add", VIP6 + "/128", "dev", "va", "nodad").orThrow();
        b.exec("ip", "addr", "add", "fd00::2/64", "dev", "vb", "nodad").orThrow();
        b.exec("ip", "route", "replace", VIP6 + "/128", "dev", "vb").orThrow();
        NftSteering steering = new NftSteering(TABLE);
        steer(steering, OwnedFlow.service("va", Protocol.TCP, InetAddress.getByName(VIP6), 80));
        try {
            assertEquals("refused", connectFromB(VIP6, 81), "an unowned port of the IPv6 VIP gets the kernel's RST");
            assertEquals("timeout", connectFromB(VIP6, 80), "the owned port never reaches the kernel");
            assertTrue(b.exec("ping", "-6", "-c", "1", "-W", "2", VIP6).ok(), "ping to the IPv6 VIP is still answered");
            long dropped = a.call(steering::counters).get(0).packets();
            assertTrue(dropped > 0, "the rule counted the SYNs: " + dropped);
        } finally {
            a.call(() -> {
                steering.close();
                return null;
            });
        }
    }

    private static String connectFromB(int port) throws Exception {
        return connectFromB(VIP, port);
    }

    /** "connected", "refused" (a RST came back) or "timeout" for a TCP connect from B to {@code address}. */
    private static String connectFromB(String address, int port) throws Exception {
        return b.call(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), 1000);
                return "connected";
            } catch (ConnectException e) {
                return "refused";
            } catch (SocketTimeoutException e) {
                return "timeout";
            }
        });
    }

    @Test
    void natRepliesAreDroppedUnlessAddressedToTheDirector() throws Exception {
        // B plays the real server 198.18.0.2:RS_PORT behind director A. A's own health check (to B from
        // 198.18.0.1, a local address) must get its replies; replies B sends towards a client (198.18.9.9, not
        // local to A, routed via A) are the dataplane's and must be dropped.
        b.exec("ip", "route", "replace", "198.18.9.0/24", "via", "198.18.0.1").orThrow();
        NftSteering steering = new NftSteering(TABLE);
        steer(steering, OwnedFlow.natReplies("va", Protocol.UDP, InetAddress.getByName("198.18.0.2"), RS_PORT),
                OwnedFlow.natReplies("va", Protocol.TCP, InetAddress.getByName("198.18.0.2"), RS_PORT));
        try (ServerSocket realServer = b.call(() -> new ServerSocket(RS_PORT, 5, InetAddress.getByName("198.18.0.2")));
             DatagramSocket check = a.call(() -> new DatagramSocket(new InetSocketAddress("198.18.0.1", 0)))) {
            // TCP health check from the director: the SYN-ACK from RIP:RS_PORT is addressed to A, so it passes.
            assertEquals("connected", a.call(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("198.18.0.2", RS_PORT), 2000);
                    return "connected";
                } catch (IOException e) {
                    return e.toString();
                }
            }));
            // UDP: one reply to the director's socket, three towards a client.
            check.setSoTimeout(1000);
            b.call(() -> {
                try (DatagramSocket rs = new DatagramSocket(new InetSocketAddress("198.18.0.2", RS_PORT))) {
                    byte[] reply = "reply".getBytes();
                    rs.send(new DatagramPacket(reply, reply.length, check.getLocalSocketAddress()));
                    for (int i = 0; i < 3; i++) {
                        rs.send(new DatagramPacket(reply, reply.length, new InetSocketAddress("198.18.9.9", 4000)));
                    }
                }
                return null;
            });
            assertEquals(1, receiveAll(check), "the health-check reply reaches the director");
            List<RuleCounter> counters = a.call(steering::counters);
            RuleCounter udp = counters.stream().filter(c -> c.flow().protocol() == Protocol.UDP).findFirst().orElseThrow();
            RuleCounter tcp = counters.stream().filter(c -> c.flow().protocol() == Protocol.TCP).findFirst().orElseThrow();
            assertEquals(3, udp.packets(), "only the replies towards the client are dropped: " + counters);
            assertEquals(0, tcp.packets(), "the health check's TCP replies were not dropped: " + counters);
        } finally {
            a.call(() -> {
                steering.close();
                return null;
            });
        }
    }
}
