package io.vigil.dataplane.linux;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.lab.LabProcess;
import io.vigil.dataplane.lab.Netns;
import io.vigil.dataplane.lab.NetnsLab;
import io.vigil.dataplane.packet.GratuitousArp;
import io.vigil.dataplane.packet.MacAddress;
import io.vigil.dataplane.packet.NeighbourAdvertisement;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PacketRing on real veths: a GARP or an unsolicited NA from A rewrites B's neighbour entry; frames from B land in
 * A's ring.
 */
@Tag("netns")
class PacketRingLabTest {

    @RegisterExtension
    static final NetnsLab lab = new NetnsLab();

    private static Netns a;
    private static Netns b;

    @BeforeAll
    static void topology() {
        VethPair pair = VethPair.create(lab);
        a = pair.a();
        b = pair.b();
    }


    @Test
    void gratuitousArpFromARewritesTheNeighbourEntryInB() throws Exception {
        String vip = "198.18.0.100";
        b.exec("ip", "neigh", "replace", vip, "dev", "vb", "lladdr", "02:00:00:00:00:99", "nud", "stale").orThrow();
        String before = b.exec("ip", "neigh", "show", vip, "dev", "vb").orThrow().stdout();
        assertTrue(before.contains("02:00:00:00:00:99"), before);
        String vaMac = VethPair.mac(a, "va");

        try (PacketRing ring = a.call(() -> PacketRing.open("va", RingConfig.defaults()));
             Arena arena = Arena.ofConfined()) {
            MacAddress source = ring.hardwareAddress();
            assertEquals(vaMac, source.toString(), "SIOCGIFHWADDR");
            MemorySegment frame = arena.allocate(GratuitousArp.FRAME_LENGTH);
            new GratuitousArp().write(frame, source, (Inet4Address) InetAddress.getByName(vip));
            assertTrue(ring.send(frame));
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            String after = b.exec("ip", "neigh", "show", vip, "dev", "vb").orThrow().stdout();
            assertTrue(after.contains("lladdr " + vaMac), after);
        });
    }

    @Test
    void unsolicitedNeighbourAdvertisementFromARewritesTheNeighbourEntryInBAndTcpdumpAcceptsIt() throws Exception {
        String vip = "fd00:198:18::100";
        b.exec("ip", "-6", "neigh", "replace", vip, "lladdr", "02:00:00:00:00:99", "dev", "vb", "nud", "stale").orThrow();
        String before = b.exec("ip", "-6", "neigh", "show", vip, "dev", "vb").orThrow().stdout();
        assertTrue(before.contains("02:00:00:00:00:99"), before);
        String vaMac = VethPair.mac(a, "va");
        LabProcess tcpdump = b.start("tcpdump", "-l", "-n", "-vv", "-c", "1", "-i", "vb", "icmp6 and ip6[40] == 136");
        tcpdump.awaitOutput(Pattern.compile("listening on vb"), Duration.ofSeconds(10));

        try (PacketRing ring = a.call(() -> PacketRing.open("va", RingConfig.defaults()));
             Arena arena = Arena.ofConfined()) {
            MemorySegment frame = arena.allocate(NeighbourAdvertisement.FRAME_LENGTH);
            int length = new NeighbourAdvertisement().write(frame, ring.hardwareAddress(),
                    (Inet6Address) InetAddress.getByName(vip), false);
            assertTrue(ring.send(frame.asSlice(0, length)));
        }
        assertEquals(0, tcpdump.waitFor(Duration.ofSeconds(5)), tcpdump.output()); // -c 1: exits after the NA
        String decoded = tcpdump.output();
        assertTrue(decoded.contains("tgt is " + vip), decoded);
        assertTrue(decoded.contains("Flags [override]"), decoded);
        assertTrue(decoded.contains("hlim 255"), decoded);
        assertTrue(decoded.contains("destination link-address option (2), length 8 (1): " + vaMac), decoded);
        assertTrue(decoded.contains(vip + " > ff02::1: [icmp6 sum ok] ICMP6, neighbor advertisement"), decoded);
        assertFalse(decoded.contains("bad icmp6 cksum"), decoded);
        // The kernel drops an NA with a bad checksum, so this also checks it.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            String after = b.exec("ip", "-6", "neigh", "show", vip, "dev", "vb").orThrow().stdout();
            assertTrue(after.contains("lladdr " + vaMac), after);
        });
    }

    @Test
    void framesSentFromBAreSeenInTheRingAndCounted() throws Exception {
        // Two one-page blocks: five pings 200 ms apart retire at least five blocks, so the ring only keeps
        // delivering if every block read is handed back to the kernel.
        RingConfig twoBlocks = new RingConfig(4096, 2, 2048, 10, true, true);
        try (PacketRing ring = a.call(() -> PacketRing.open("va", twoBlocks))) {
            ring.statistics(); // reset
            b.start("ping", "-c", "5", "-i", "0.2", "-W", "1", "198.18.0.1");

            int[] echoRequests = {0};
            int[] otherIfindex = {0};
            ValueLayout.OfShort u16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
            FrameVisitor visitor = (segment, offset, length, packetType, ifindex, status) -> {
                if (ifindex != ring.ifindex()) {
                    otherIfindex[0]++;
                }
                boolean ipv4 = length >= 34 && (segment.get(u16, offset + 12) & 0xffff) == 0x0800;
                // ICMP (protocol 1) echo request (type 8) to us, from 198.18.0.2.
                if (ipv4 && segment.get(ValueLayout.JAVA_BYTE, offset + 23) == 1
                        && segment.get(ValueLayout.JAVA_BYTE, offset + 34) == 8
                        && segment.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), offset + 26) == 0xC6120002
                        && packetType == PacketSocketOptions.PACKET_HOST) {
                    echoRequests[0]++;
                }
            };
            int frames = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (echoRequests[0] < 5 && System.nanoTime() < deadline) {
                if (!ring.ready()) {
                    ring.poll(200);
                }
                frames += ring.read(visitor);
            }
            assertEquals(5, echoRequests[0], "echo requests seen in the ring");
            assertEquals(0, otherIfindex[0]);
            RingStatistics stats = ring.statistics();
            assertTrue(stats.packets() >= frames && frames >= 5, stats + " after " + frames + " frames");
            assertEquals(0, stats.drops());
            assertEquals(0, ring.statistics().packets(), "PACKET_STATISTICS resets on read");
        }
    }
}
