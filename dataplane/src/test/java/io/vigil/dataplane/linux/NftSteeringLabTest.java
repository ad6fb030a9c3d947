package io.vigil.dataplane.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.lab.Netns;
import io.vigil.dataplane.lab.NetnsLab;
import io.vigil.dataplane.linux.DropRule.Protocol;
import java.lang.foreign.ValueLayout;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The steering table drops what it should in A (kernel counters), the ring in A still sees it, and it goes away. */
@Tag("netns")
class NftSteeringLabTest {

    @RegisterExtension
    static final NetnsLab lab = new NetnsLab();

    private static final int DROPPED_PORT = 5353;
    private static final int OPEN_PORT = 5354;
    private static final String TABLE = "vigiltest";
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

    private static int udpFramesToPortInRing(PacketRing ring, int port) throws Exception {
        int[] seen = {0};
        ValueLayout.OfShort u16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
        FrameVisitor visitor = (segment, offset, length, packetType, ifindex) -> {
            if (length >= 42 && (segment.get(u16, offset + 12) & 0xffff) == 0x0800
                    && segment.get(ValueLayout.JAVA_BYTE, offset + 23) == 17
                    && (segment.get(u16, offset + 36) & 0xffff) == port) {
                seen[0]++;
            }
        };
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < deadline) {
            if (!ring.blockReady()) {
                ring.poll(100);
            }
            ring.readBlock(visitor);
        }
        return seen[0];
    }

    @Test
    void tableDropsMatchingTrafficWhileTheRingSeesItAndIsGoneAfterRemove() throws Exception {
        // A stale table from an earlier run, with a chain the new install must not keep.
        a.execWithInput("table netdev " + TABLE + " {\n\tchain stale {\n\t}\n}\n", "nft", "-f", "-").orThrow();
        assertTrue(a.exec("nft", "list", "table", "netdev", TABLE).orThrow().stdout().contains("chain stale"));

        NftSteering steering = new NftSteering(TABLE);
        DropRule rule = DropRule.toDestination("va", Protocol.UDP, InetAddress.getByName("198.18.0.1"), DROPPED_PORT);
        a.call(() -> {
            steering.install(List.of(rule));
            return null;
        });
        String listing = a.exec("nft", "list", "table", "netdev", TABLE).orThrow().stdout();
        assertFalse(listing.contains("chain stale"), listing);
        assertTrue(listing.contains("udp dport " + DROPPED_PORT), listing);
        assertTrue(a.call(steering::present));

        try (DatagramSocket dropped = a.call(() -> new DatagramSocket(new InetSocketAddress("198.18.0.1", DROPPED_PORT)));
             DatagramSocket open = a.call(() -> new DatagramSocket(new InetSocketAddress("198.18.0.1", OPEN_PORT)));
             PacketRing ring = a.call(() -> PacketRing.open("va", RingConfig.defaults()))) {
            dropped.setSoTimeout(500);
            open.setSoTimeout(500);
            pair.sendFromB(DROPPED_PORT, 5);
            pair.sendFromB(OPEN_PORT, 3);

            assertEquals(0, receiveAll(dropped), "datagrams to the steered port reached the kernel socket");
            assertEquals(3, receiveAll(open), "datagrams to another port must still be delivered");
            assertEquals(5, udpFramesToPortInRing(ring, DROPPED_PORT), "the ring sees the dropped frames");
            List<RuleCounter> counters = a.call(steering::counters);
            assertEquals(1, counters.size());
            assertEquals(rule, counters.get(0).rule());
            assertEquals(5, counters.get(0).packets());
            assertTrue(counters.get(0).bytes() >= 5 * 28, counters.toString());

            a.call(() -> {
                steering.remove();
                return null;
            });
            assertFalse(a.call(steering::present));
            assertFalse(a.exec("nft", "list", "tables").orThrow().stdout().contains(TABLE));
            pair.sendFromB(DROPPED_PORT, 2);
            assertEquals(2, receiveAll(dropped), "after remove() the kernel gets the datagrams again");
        }
        a.call(() -> {
            steering.remove(); // idempotent
            return null;
        });
    }
}
