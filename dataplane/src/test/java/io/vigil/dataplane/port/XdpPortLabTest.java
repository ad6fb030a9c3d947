package io.vigil.dataplane.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.api.PortStats;
import io.vigil.dataplane.api.Protocol;
import io.vigil.dataplane.lab.Netns;
import io.vigil.dataplane.lab.NetnsLab;
import io.vigil.dataplane.linux.BpfProgram;
import io.vigil.dataplane.linux.NetworkInterfaces;
import io.vigil.dataplane.linux.OwnedFlow;
import io.vigil.dataplane.linux.SteeringEntry;
import io.vigil.dataplane.linux.VethPair;
import io.vigil.dataplane.linux.XdpLink;
import io.vigil.dataplane.linux.XdpMode;
import io.vigil.dataplane.linux.bpf.BpfOpcodes;
import io.vigil.dataplane.linux.bpf.FrameGeneratorProgram;
import io.vigil.dataplane.linux.bpf.XdpSteeringProgram;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * XdpPort on a veth between namespaces A (the port, 198.18.0.1) and B (the peer, 198.18.0.2): Vigil's program steers
 * exactly the flows in its map into the socket, the rest reaches A's kernel; frames go out; closing detaches.
 */
@Tag("netns")
class XdpPortLabTest {

    @RegisterExtension
    static final NetnsLab lab = new NetnsLab();

    private static VethPair pair;
    private static Netns a;
    private static Netns b;

    @BeforeAll
    static void topology() {
        pair = VethPair.create(lab);
        a = pair.a();
        b = pair.b();
    }

    @ParameterizedTest
    @EnumSource(XdpMode.class)
    void steeredFlowsReachThePortAndTheRestReachesTheKernel(XdpMode mode) throws Exception {
        InetAddress local = InetAddress.getByName("198.18.0.1");
        try (XdpPort port = a.call(() -> XdpPort.open("va", XdpConfig.defaults().withMode(mode)));
             DatagramSocket kernelSide = a.call(() -> new DatagramSocket(new InetSocketAddress(local, 6102)))) {
            assertEquals(mode, port.mode());
            assertFalse(port.zeroCopy(), "veth has no zero-copy");
            String listing = a.exec("ip", "link", "show", "dev", "va").orThrow().stdout();
            assertTrue(listing.contains("prog/xdp id " + port.attachment().programId() + " name vigil_xdp"), listing);
            port.steer(Set.of(SteeringEntry.of(OwnedFlow.service("va", Protocol.UDP, local, 6101))));
            pair.sendFromB(6101, 7);
            pair.sendFromB(6102, 3);
            assertEquals(7, receiveUdpTo(port, 6101, 7));
            kernelSide.setSoTimeout(2000);
            for (int i = 0; i < 3; i++) {
                kernelSide.receive(new DatagramPacket(new byte[64], 64)); // throws when the kernel did not get them
            }
            assertTrue(b.exec("ping", "-c", "1", "-W", "2", "198.18.0.1").ok(), "ping to the director still works");
            PortStats stats = port.stats();
            assertEquals("xdp", stats.backend());
            assertEquals(7, stats.received(), "only the steered flow reaches the port: " + stats);
            port.steer(Set.of());
            pair.sendFromB(6101, 2);
            assertEquals(0, receiveUdpTo(port, 6101, 2), "an entry removed from the map steers nothing");
        }
        assertFalse(a.exec("ip", "link", "show", "dev", "va").orThrow().stdout().contains("prog/xdp"),
                "the program is gone when the port closes");
    }

    @Test
    void natRepliesAreSteeredUnlessAddressedToTheDirector() throws Exception {
        InetAddress peer = InetAddress.getByName("198.18.0.2");
        InetAddress local = InetAddress.getByName("198.18.0.1");
        SteeringEntry replies = SteeringEntry.of(OwnedFlow.natReplies("va", Protocol.UDP, peer, 8080));
        try (XdpPort port = a.call(() -> XdpPort.open("va", XdpConfig.defaults()))) {
            port.steer(Set.of(replies));
            sendFromBPort(8080, 6201, 4);
            assertEquals(4, receiveUdpTo(port, 6201, 4), "RIP:rport replies are the dataplane's");
            port.steer(Set.of(replies, SteeringEntry.local(local)));
            assertTrue(port.attachment().holds(SteeringEntry.local(local)));
            sendFromBPort(8080, 6202, 4);
            assertEquals(0, receiveUdpTo(port, 6202, 4), "replies to the director's own address go to its kernel");
        }
    }

    @Test
    void transmittedFramesArriveAtThePeer() throws Exception {
        int count = 200; // more than one kick's default budget of 32, less than the receiver's socket buffer holds
        int udpPort = 7201;
        try (DatagramSocket receiver = b.call(() -> new DatagramSocket(new InetSocketAddress("198.18.0.2", udpPort)));
             XdpPort port = a.call(() -> XdpPort.open("va", XdpConfig.defaults()));
             Arena arena = Arena.ofConfined()) {
            receiver.setSoTimeout(1000);
            MemorySegment frame = arena.allocate(2048);
            long peerMac = TpacketPortLabTest.mac(b, "vb");
            Set<String> payloads = new HashSet<>();
            byte[] buffer = new byte[1500];
            for (int i = 0; i < count; i++) {
                int length = UdpFrame.write(frame, port.macAddress(), peerMac, InetAddress.getByName("198.18.0.1"),
                        InetAddress.getByName("198.18.0.2"), 40000, udpPort, ("frame " + i).getBytes());
                assertTrue(port.transmit(frame, 0, length), "transmit " + i);
            }
            port.flush();
            try {
                while (payloads.size() < count) {
                    port.flush();
                    DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                    receiver.receive(p);
                    payloads.add(new String(p.getData(), 0, p.getLength()));
                }
            } catch (SocketTimeoutException end) {
                // counted below
            }
            assertEquals(count, payloads.size());
            assertEquals(count, port.stats().transmitted());
            assertFalse(port.transmit(frame, 0, 4000), "a frame longer than a UMEM frame is refused");
        }
    }

    @Test
    void aStaleVigilProgramIsFoundAndDetached() throws Exception {
        try (XdpPort first = a.call(() -> XdpPort.open("va", XdpConfig.defaults()))) {
            int id = first.attachment().programId();
            assertTrue(a.exec("ip", "link", "show", "dev", "va").orThrow().stdout().contains("prog/xdp id " + id));
            assertTrue(a.call(() -> XdpLink.removeStale("va", XdpSteeringProgram.NAME)), "found");
            assertFalse(a.exec("ip", "link", "show", "dev", "va").orThrow().stdout().contains("prog/xdp"), "detached");
            assertFalse(a.call(() -> XdpLink.removeStale("va", XdpSteeringProgram.NAME)), "nothing left to find");
        }
    }

    @Test
    void receiveTransmitAndFlushDoNotAllocate() throws Exception {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        try (XdpPort port = a.call(() -> XdpPort.open("va", XdpConfig.defaults()));
             Arena arena = Arena.ofConfined()) {
            port.steer(Set.of(SteeringEntry.of(OwnedFlow.service("va", Protocol.UDP,
                    InetAddress.getByName("198.18.0.1"), 6501))));
            MemorySegment frame = arena.allocate(128);
            int length = UdpFrame.write(frame, port.macAddress(), TpacketPortLabTest.mac(b, "vb"),
                    InetAddress.getByName("198.18.0.1"), InetAddress.getByName("198.18.0.2"), 40000, 9, new byte[4]);
            int[] frames = {0};
            FrameHandler handler = (memory, offset, len, packetType, flags) -> frames[0]++;
            Runnable batch = () -> {
                for (int i = 0; i < 32; i++) {
                    port.transmit(frame, 0, length); // 46 bytes: padded to 60 in the UMEM
                }
                port.flush();
                port.receive(handler);
            };
            for (int i = 0; i < 20_000; i++) {
                batch.run();
            }
            pair.sendFromB(6501, 20);
            long least = Long.MAX_VALUE;
            for (int window = 0; window < 40 && least > 0; window++) {
                Thread.sleep(50);
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 5_000; i++) {
                    batch.run();
                }
                least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
            }
            assertEquals(0, least, "bytes allocated by 5 000 batches of 32 transmits, a flush and a receive");
            assertTrue(frames[0] > 0, "the steered datagrams were received");
        }
    }

    @Test
    void liveFramesOfTheGeneratorProgramReachThePort() throws Exception {
        InetAddress local = InetAddress.getByName("198.18.0.1");
        int udpPort = 6301;
        int frames = 300;
        try (XdpPort port = a.call(() -> XdpPort.open("va", XdpConfig.defaults()));
             Arena arena = Arena.ofConfined()) {
            port.steer(Set.of(SteeringEntry.of(OwnedFlow.service("va", Protocol.UDP, local, udpPort))));
            MemorySegment segment = arena.allocate(60);
            UdpFrame.write(segment, TpacketPortLabTest.mac(b, "vb"), port.macAddress(),
                    InetAddress.getByName("198.18.0.2"), local, 6300, udpPort, new byte[60 - UdpFrame.HEADERS]);
            byte[] frame = segment.toArray(ValueLayout.JAVA_BYTE);
            BpfProgram.TestRun[] runs = b.call(() -> {
                int vb = NetworkInterfaces.index("vb").orElseThrow();
                try (BpfProgram generator = BpfProgram.load(BpfProgram.TYPE_XDP, BpfProgram.ATTACH_XDP,
                        FrameGeneratorProgram.build(frame), FrameGeneratorProgram.LICENSE, "vigil_test_gen")) {
                    return new BpfProgram.TestRun[] {
                            generator.testRun(frame, 1),
                            generator.testRun(java.util.Arrays.copyOf(frame, 14), 1),
                            // Zeros in: what arrives is the program's frame, written over every live frame.
                            generator.runLiveFrames(new byte[frame.length], vb, frames, 64)};
                }
            });
            assertEquals(BpfOpcodes.XDP_TX, runs[0].returnValue(), "a frame long enough is transmitted");
            assertEquals(BpfOpcodes.XDP_DROP, runs[1].returnValue(), "a frame shorter than the program's is dropped");
            assertEquals(frames, receiveUdpTo(port, udpPort, frames), "every live frame arrived at va as UDP to "
                    + udpPort);
        }
    }

    @Test
    void aPortWithPreferredBusyPollingReceivesAndTransmits() throws Exception {
        InetAddress local = InetAddress.getByName("198.18.0.1");
        try (XdpPort port = a.call(() -> XdpPort.open("va", XdpConfig.defaults().withBusyPoll(true)))) {
            port.steer(Set.of(SteeringEntry.of(OwnedFlow.service("va", Protocol.UDP, local, 6401))));
            pair.sendFromB(6401, 5);
            assertEquals(5, receiveUdpTo(port, 6401, 5), "frames still arrive (by busy polling or the softirq)");
            assertEquals(0, port.transmitFailures(), "no busy-poll round failed");
        }
    }

    /** Datagrams from B's {@code sourcePort} to 198.18.0.1:{@code port}. */
    private static void sendFromBPort(int sourcePort, int port, int count) throws Exception {
        b.call(() -> {
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("198.18.0.2", sourcePort))) {
                for (int i = 0; i < count; i++) {
                    byte[] payload = ("reply " + i).getBytes();
                    s.send(new DatagramPacket(payload, payload.length, new InetSocketAddress("198.18.0.1", port)));
                }
            }
            return null;
        });
    }

    /** UDP frames to {@code udpPort} the port receives within a second, up to {@code expected}. */
    static int receiveUdpTo(XdpPort port, int udpPort, int expected) {
        int[] seen = {0};
        long deadline = System.nanoTime() + (expected == 0 ? 300_000_000L : 2_000_000_000L);
        while (System.nanoTime() < deadline && (seen[0] < expected || expected == 0)) {
            port.awaitFrames(50);
            port.receive((memory, offset, length, packetType, flags) -> {
                if (UdpFrame.isUdpTo(memory, offset, length, udpPort)) {
                    seen[0]++;
                }
            });
        }
        return seen[0];
    }
}
