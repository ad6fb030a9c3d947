package io.vigil.dataplane.forward;

import static io.vigil.dataplane.forward.TestFrames.ACK;
import static io.vigil.dataplane.forward.TestFrames.SYN;
import static io.vigil.dataplane.forward.TestFrames.ip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.api.DataplaneStats;
import io.vigil.dataplane.api.DropReason;
import io.vigil.dataplane.api.ForwardingMethod;
import io.vigil.dataplane.api.Protocol;
import io.vigil.dataplane.api.RealServer;
import io.vigil.dataplane.api.RealServerStats;
import io.vigil.dataplane.api.Scheduler;
import io.vigil.dataplane.api.Service;
import io.vigil.dataplane.api.ServiceKey;
import io.vigil.dataplane.api.Timeouts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The worker's whole packet path in memory: frames in through one {@link MemoryPort}, rewritten frames out of
 * another, checked with an independent implementation of the headers ({@link TestFrames}).
 */
class ForwardingWorkerTest {

    static final long OUTSIDE_MAC = 0x02_00_00_00_00_01L;
    static final long INSIDE_MAC = 0x02_00_00_00_00_02L;
    static final long CLIENT_ROUTER_MAC = 0x02_00_00_00_0c_01L;
    static final long RS1_MAC = 0x02_00_00_00_01_01L;
    static final long RS2_MAC = 0x02_00_00_00_01_02L;
    static final String VIP = "198.18.10.100";
    static final String CLIENT = "198.18.99.7";

    MemoryPort outside;
    MemoryPort inside;
    ForwardingWorker worker;
    PortIdleStrategy idle;
    final Map<InetAddress, NextHop> hops = new HashMap<>();

    @AfterEach
    void closeIdleStrategy() {
        idle.close();
    }

    @BeforeEach
    void setUp() {
        outside = new MemoryPort("eth0", 1, OUTSIDE_MAC, 1500);
        inside = new MemoryPort("eth1", 2, INSIDE_MAC, 1500);
        hops.put(ip(CLIENT), new NextHop(1, "eth0", OUTSIDE_MAC, CLIENT_ROUTER_MAC, 1500, 0));
        hops.put(ip("198.18.11.1"), new NextHop(2, "eth1", INSIDE_MAC, RS1_MAC, 1500, 0xC6120BFE));
        hops.put(ip("198.18.11.2"), new NextHop(2, "eth1", INSIDE_MAC, RS2_MAC, 1500, 0xC6120BFE));
        NextHopTable table = (high, low) -> hops.get(AddressWords.toAddress(high, low));
        idle = new PortIdleStrategy();
        worker = new ForwardingWorker(1024, Timeouts.IPVS_DEFAULTS, table, idle, () -> { });
        worker.addPort(outside);
        worker.addPort(inside);
    }

    private ServiceKey service(String vip, int port, Scheduler scheduler, ForwardingMethod method, String... reals) {
        ServiceKey key = ServiceKey.of(Protocol.TCP, ip(vip), port);
        worker.addService(Service.of(key, scheduler));
        for (String r : reals) {
            worker.setRealServer(key, RealServer.of(new InetSocketAddress(r, method == ForwardingMethod.NAT ? 8080 : port),
                    1, method));
        }
        worker.activate(Set.of(ip(vip)));
        return key;
    }

    private List<byte[]> send(MemoryPort port, byte[] frame) {
        port.inject(frame);
        worker.doWork();
        return List.of();
    }

    @Test
    void framesTheWorkersPortsLostToAFullHandoffRingAreADropReasonAndTheWorkersStatsAddUp() {
        outside.handoffCounts(40, 3);
        inside.handoffCounts(7, 2);
        DataplaneStats stats = worker.stats();
        assertEquals(5, stats.drops().get(DropReason.HANDOFF_FULL), "the ports' handoff drops, summed");
        assertEquals(0, stats.drops().get(DropReason.TX_FULL));
        assertEquals(40, stats.ports().stream().filter(p -> p.device().equals("eth0")).findFirst().orElseThrow()
                .handedOff());
        DataplaneStats both = MergedStatistics.of(List.of(stats, stats));
        assertEquals(10, both.drops().get(DropReason.HANDOFF_FULL));
        assertEquals(80, both.ports().stream().filter(p -> p.device().equals("eth0")).findFirst().orElseThrow()
                .handedOff(), "the workers' ports of one device summed");
        assertEquals(6, both.ports().stream().filter(p -> p.device().equals("eth0")).findFirst().orElseThrow()
                .handoffDrops());
    }

    @Test
    void aSyncedConnectionCarriesItsMidFlowPacketsAfterATakeover() {
        io.vigil.dataplane.sync.SyncQueue queue = new io.vigil.dataplane.sync.SyncQueue(64);
        io.vigil.dataplane.sync.SyncCounters counters = new io.vigil.dataplane.sync.SyncCounters();
        worker.enableSync(queue, counters);
        ServiceKey key = service(VIP, 80, Scheduler.RR, ForwardingMethod.DR, "198.18.11.1", "198.18.11.2");
        send(outside, TestFrames.tcp(OUTSIDE_MAC, CLIENT_ROUTER_MAC, CLIENT, 40000, VIP, 80, ACK, 10));
        assertEquals(1, worker.stats().drops().get(DropReason.NO_CONNECTION), "without sync: no entry, dropped");

        io.vigil.dataplane.sync.SyncBatch batch = new io.vigil.dataplane.sync.SyncBatch();
        io.vigil.dataplane.sync.SyncRecord r = new io.vigil.dataplane.sync.SyncRecord();
        r.protocol = 6;
        r.state = TcpConnectionState.ESTABLISHED;
        r.clientLow = AddressWords.low(ip(CLIENT));
        r.clientPort = 40000;
        r.virtualLow = AddressWords.low(ip(VIP));
        r.virtualPort = 80;
        r.destinationLow = AddressWords.low(ip("198.18.11.2"));
        r.destinationPort = 80;
        r.timeoutSeconds = 900;
        batch.add(r);
        worker.installSynced(batch);
        assertTrue(worker.connections().getFirst().synced());
        send(outside, TestFrames.tcp(OUTSIDE_MAC, CLIENT_ROUTER_MAC, CLIENT, 40000, VIP, 80, ACK, 10));
        List<byte[]> out = inside.takeSent();
        assertEquals(1, out.size(), "the synced entry forwards the mid-flow packet");
        assertEquals(RS2_MAC, TestFrames.dstMac(out.getFirst()), "to the master's real server, not the scheduler's");

        worker.syncMaster(true);
        for (int i = 0; i < 3; i++) {
            send(outside, TestFrames.tcp(OUTSIDE_MAC, CLIENT_ROUTER_MAC, CLIENT, 40001, VIP, 80, i == 0 ? SYN : ACK, 0));
        }
        io.vigil.dataplane.sync.SyncRecord[] got = new io.vigil.dataplane.sync.SyncRecord[1];
        assertEquals(1, queue.drain(q -> got[0] = new io.vigil.dataplane.sync.SyncRecord().copyFrom(q), 10),
                "as master, the third packet of the new connection is queued for the sender");
        assertEquals(40001, got[0].clientPort);
        assertEquals(key.port(), got[0].virtualPort);
    }

    @Test
    void aFrameHeldForItsNeighbourLeavesInTheCycleTheNeighbourResolvesWithoutAnotherFrame() {
        service(VIP, 80, Scheduler.RR, ForwardingMethod.NAT, "198.18.11.1");
        NextHop rs1 = hops.remove(ip("198.18.11.1"));
        send(outside, TestFrames.tcp(OUTSIDE_MAC, CLIENT_ROUTER_MAC, CLIENT, 40000, VIP, 80, SYN, 0));
        assertEquals(0, inside.takeSent().size(), "held while the real server's MAC is unknown");

        hops.put(ip("198.18.11.1"), rs1);
        worker.housekeepSoon(); // what the resolver's results listener does
        worker.doWork();
        List<byte[]> out = inside.takeSent();
        assertEquals(1, out.size(), "flushed in the duty cycle that took in the resolution, not left for the next");
        assertEquals(RS1_MAC, TestFrames.dstMac(out.getFirst()));
        assertEquals("198.18.11.1", TestFrames.v4(out.getFirst(), false));
    }

    @Test
    void natRewritesTheDestinationAndItsRepliesBack() {
        service(VIP, 80, Scheduler.RR, ForwardingMethod.NAT, "198.18.11.1", "198.18.11.2");
        send(outside, TestFrames.tcp(OUTSIDE_MAC, CLIENT_ROUTER_MAC, CLIENT, 40000, VIP, 80, SYN, 0));
        List<byte[]> in = inside.takeSent();
        assertEquals(1, in.size());
        byte[] f = in.getFirst();
        assertEquals(RS1_MAC, TestFrames.dstMac(f));
        assertEquals(INSIDE_MAC, TestFrames.srcMac(f));
        assertEquals("198.18.11.1", TestFrames.v4(f, false));
        assertEquals(CLIENT, TestFrames.v4(f, true), "the real server sees the client's own address");
        assertEquals(8080, TestFrames.destinationPort(f));
        assertEquals(63, TestFrames.ttl(f));
        assertTrue(TestFrames.checksumsValid(f), "checksums after DNAT");

        send(inside, TestFrames.tcp(INSIDE_MAC, RS1_MAC, "198.18.11.1", 8080, CLIENT, 40000, SYN | ACK, 0));
        byte[] reply = outside.takeSent().getFirst();
        assertEquals(VIP, TestFrames.v4(reply, true));
        assertEquals(80, TestFrames.sourcePort(reply));
        assertEquals(CLIENT_ROUTER_MAC, TestFrames.dstMac(reply));
        assertTrue(TestFrames.checksumsValid(reply), "checksums after SNAT");

        send(outside, TestFrames.tcp(OUTSIDE_MAC, CLIENT_ROUTER_MAC, CLIENT, 40001, VIP, 80, SYN, 0));
        assertEquals("198.18.11.2", TestFrames.v4(inside.takeSent().getFirst(), false), "rr: the next one");
        send(outside, TestFrames.tcp(OUTSIDE_MAC, CLIENT_ROUTER_MAC, CLIENT, 40000, VIP, 80, ACK, 10));
        assertEquals("198.18.11.1", TestFrames.v4(inside.takeSent().getFirst(), false), "the flow stays on its server");

        DataplaneStats stats = worker.stats();
        RealServerStats rs1 = stats.services().getFirst().realServers().getFirst();
        assertEquals(1, rs1.counters().connections());
        assertEquals(2, rs1.counters().packetsIn());
        assertEquals(1, rs1.counters().packetsOut());
        assertEquals(1, rs1.activeConnections(), "SYN, SYN-ACK, ACK: established");
        assertEquals(2, stats.services().getFirst().counters().connections());
    }

    @Test
    void aFrameToAnUnresolvedNeighbourWaitsForItInsteadOfBeingLost() throws InterruptedException {
        NextHop rs1 = hops.remove(ip("198.18.11.1"));
        service(VIP, 80, Scheduler.RR, ForwardingMethod.NAT, "198.18.11.1");
        send(outside, TestFrames.tcp(OUTSIDE_MAC, CLIENT_ROUTER_MAC, CLIENT, 40000, VIP, 80, SYN, 0));
        assertEquals(0, inside.takeSent().size());
        hops.put(ip("198.18.11.1"), rs1);
        Thread.sleep(25);
        worker.doWork();
        worker.doWork();
        byte[] f = inside.takeSent().getFirst();
        assertEquals(RS1_MAC, TestFrames.dstMac(f));
        assertEquals("198.18.11.1", TestFrames.v4(f, false));
        assertEquals(0, worker.stats().drops().get(DropReason.NEIGHBOUR_UNRESOLVED));
    }

    @Test
    void icmpErrorsAboutAConnectionAreRelayedToTheOtherSide() {
        ServiceKey key = ServiceKey.of(Protocol.UDP, ip(VIP), 53);
        worker.addService(Service.of(key, Scheduler.RR));
        worker.setRealServer(key, RealServer.of(new InetSocketAddress("198.18.11.1", 5353), 1, ForwardingMethod.NAT));
        worker.activate(Set.of(ip(VIP)));
        send(outside, TestFrames.udp(OUTSIDE_MAC, CLIENT_ROUTER_MAC, CLIENT, 40000, VIP, 53, 12));
        byte[] atServer = inside.takeSent().getFirst();

        // The real server has nothing on 5353: its port unreachable reaches the client as if from VIP:53.
        send(inside, TestFrames.icmpError(INSIDE_MAC, RS1_MAC, "198.18.11.1", CLIENT, 3, 3, atServer));
        byte[] toClient = outside.takeSent().getFirst();
        assertEquals(VIP, TestFrames.v4(toClient, true));
        assertEquals(CLIENT, TestFrames.v4(toClient, false));
        assertEquals(0, TestFrames.checksum(toClient, 14, 20, 0), "outer header checksum");
        assertEquals(0, TestFrames.checksum(toClient, 34, toClient.length - 34, 0), "ICMP checksum");
        assertEquals("198.18.10.100", (toClient[42 + 16] & 0xFF) + "." + (toClient[42 + 17] & 0xFF) + "."
                + (toClient[42 + 18] & 0xFF) + "." + (toClient[42 + 19] & 0xFF), "the quoted destination is the VIP");
        assertEquals(53, TestFrames.u16(toClient, 42 + 20 + 2), "and the virtual port");
        assertEquals(0, TestFrames.checksum(toClient, 42, 20, 0), "quoted header checksum");

        // A router on the client's side says the reply was too big: the error goes to the real server.
        send(inside, TestFrames.udp(INSIDE_MAC, RS1_MAC, "198.18.11.1", 5353, CLIENT, 40000, 12));
        byte[] reply = outside.takeSent().getFirst();
        send(outside, TestFrames.icmpError(OUTSIDE_MAC, CLIENT_ROUTER_MAC, "198.18.99.1", VIP, 3, 4, reply));
        byte[] toServer = inside.takeSent().getFirst();
        assertEquals("198.18.11.1", TestFrames.v4(toServer, false));
        assertEquals(5353, TestFrames.u16(toServer, 42 + 20), "the quoted source port is the real server's");
        assertEquals(0, TestFrames.checksum(toServer, 34, toServer.length - 34, 0), "ICMP checksum");
    }

    @Test
    void ipv6NatRewritesBothWaysWithValidChecksums() {
        InetAddress vip6 = ip("fd00:198:18:10::100");
        hops.put(ip("fd00:198:18:99::7"), new NextHop(1, "eth0", OUTSIDE_MAC, CLIENT_ROUTER_MAC, 1500, 0));
        hops.put(ip("fd00:198:18:11::1"), new NextHop(2, "eth1", INSIDE_MAC, RS1_MAC, 1500, 0));
        ServiceKey key = ServiceKey.of(Protocol.TCP, vip6, 443);
        worker.addService(Service.of(key, Scheduler.WLC));
        worker.setRealServer(key, RealServer.of(new InetSocketAddress("fd00:198:18:11::1", 8443), 1, ForwardingMethod.NAT));
        worker.activate(Set.of(vip6));
        send(outside, TestFrames.frame(OUTSIDE_MAC, CLIENT_ROUTER_MAC, ip("fd00:198:18:99::7"), vip6, TestFrames.TCP,
                40000, 443, SYN, 0, 64, 0));
        byte[] f = inside.takeSent().getFirst();
        assertEquals(RS1_MAC, TestFrames.dstMac(f));
        assertEquals(ip("fd00:198:18:11::1"), ip6(f, 38));
        assertEquals(8443, TestFrames.destinationPort(f));
        assertEquals(63, TestFrames.ttl(f), "hop limit");
        assertTrue(TestFrames.checksumsValid(f));

        send(inside, TestFrames.frame(INSIDE_MAC, RS1_MAC, ip("fd00:198:18:11::1"), ip("fd00:198:18:99::7"),
                TestFrames.TCP, 8443, 40000, SYN | ACK, 0, 64, 0));
        byte[] reply = outside.takeSent().getFirst();
        assertEquals(vip6, ip6(reply, 22));
        assertEquals(443, TestFrames.sourcePort(reply));
        assertTrue(TestFrames.checksumsValid(reply));
    }

    private static InetAddress ip6(byte[] frame, int offset) {
        try {
            return InetAddress.getByAddress(java.util.Arrays.copyOfRange(frame, offset, offset + 16));
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void drRewritesOnlyTheMacs() {
        hops.put(ip("198.18.10.11"), new NextHop(1, "eth0", OUTSIDE_MAC, RS1_MAC, 1500, 0));
        service(VIP, 80, Scheduler.RR, ForwardingMethod.DR, "198.18.10.11");
        byte[] syn = TestFrames.tcp(OUTSIDE_MAC, CLIENT_ROUTER_MAC, CLIENT, 40000, VIP, 80, SYN, 0);
        send(outside, syn);
        byte[] f = outside.takeSent().getFirst();
        assertEquals(RS1_MAC, TestFrames.dstMac(f));
        assertEquals(OUTSIDE_MAC, TestFrames.srcMac(f));
        byte[] expected = syn.clone();
        System.arraycopy(f, 0, expected, 0, 12);
        assertArrayEquals(expected, f, "only the MACs change");
        assertEquals(0, worker.stats().services().getFirst().counters().packetsOut());
    }

    @Test
    void aPartialChecksumFromAnOffloadingSenderLeavesComputedInFull() {
        hops.put(ip("198.18.10.11"), new NextHop(1, "eth0", OUTSIDE_MAC, RS1_MAC, 1500, 0));
        service(VIP, 80, Scheduler.RR, ForwardingMethod.DR, "198.18.10.11");
        byte[] syn = TestFrames.tcp(OUTSIDE_MAC, CLIENT_ROUTER_MAC, CLIENT, 40000, VIP, 80, SYN, 0);
        TestFrames.putShort(syn, 14 + 20 + 16, 0xB4B8);
        outside.checksumPending(true);
        send(outside, syn);
        assertTrue(TestFrames.checksumsValid(outside.takeSent().getFirst()));
    }

    @Test
    void tunWrapsInIpipAndAnswersTooBigWithFragmentationNeeded() {
        hops.put(ip("198.18.11.1"), new NextHop(2, "eth1", INSIDE_MAC, RS1_MAC, 1500, 0xC6120BFE));
        service(VIP, 80, Scheduler.RR, ForwardingMethod.TUN, "198.18.11.1");
        byte[] syn = TestFrames.tcp(OUTSIDE_MAC, CLIENT_ROUTER_MAC, CLIENT, 40000, VIP, 80, SYN, 0);
        send(outside, syn);
        byte[] f = inside.takeSent().getFirst();
        assertEquals(14 + 20 + syn.length - 14, f.length);
        assertEquals(4, f[14 + 9], "outer protocol IPIP");
        assertEquals("198.18.11.254", TestFrames.v4(f, true));
        assertEquals("198.18.11.1", TestFrames.v4(f, false));
        assertEquals(0, TestFrames.checksum(f, 14, 20, 0), "outer header checksum");
        byte[] inner = java.util.Arrays.copyOfRange(syn, 14, syn.length);
        assertArrayEquals(inner, java.util.Arrays.copyOfRange(f, 34, f.length), "the inner packet is untouched");

        byte[] big = TestFrames.tcp(OUTSIDE_MAC, CLIENT_ROUTER_MAC, CLIENT, 40000, VIP, 80, ACK, 1460);
        send(outside, big);
        assertEquals(0, inside.takeSent().size());
        byte[] icmp = outside.takeSent().getFirst();
        assertEquals(1, icmp[14 + 9], "ICMP");
        assertEquals(3, icmp[34]);
        assertEquals(4, icmp[35]);
        assertEquals(1480, TestFrames.u16(icmp, 40), "next-hop MTU: 1500 - 20");
        assertEquals(CLIENT, TestFrames.v4(icmp, false));
        assertEquals(1, worker.stats().drops().get(DropReason.TOO_BIG));
    }

    @Test
    void badInputIsCountedByReasonAndForwardsNothing() {
        service(VIP, 80, Scheduler.RR, ForwardingMethod.NAT, "198.18.11.1");
        byte[] good = TestFrames.tcp(OUTSIDE_MAC, CLIENT_ROUTER_MAC, CLIENT, 40000, VIP, 80, SYN, 0);

        byte[] badChecksum = good.clone();
        badChecksum[14 + 10] ^= 0x55;
        send(outside, badChecksum);
        byte[] truncated = java.util.Arrays.copyOf(good, 14 + 30);
        send(outside, truncated);
        byte[] badIhl = good.clone();
        badIhl[14] = 0x44;
        send(outside, badIhl);
        byte[] fragment = TestFrames.frame(OUTSIDE_MAC, CLIENT_ROUTER_MAC, ip(CLIENT), ip(VIP), TestFrames.TCP, 40000, 80,
                SYN, 0, 64, 0x2000);
        send(outside, fragment);
        byte[] gre = good.clone();
        gre[14 + 9] = 47;
        TestFrames.putShort(gre, 24, 0);
        TestFrames.putShort(gre, 24, TestFrames.checksum(gre, 14, 20, 0));
        send(outside, gre);
        send(outside, TestFrames.tcp(OUTSIDE_MAC, CLIENT_ROUTER_MAC, CLIENT, 40000, VIP, 80, ACK, 0));
        byte[] options = new byte[good.length + 4];
        System.arraycopy(good, 0, options, 0, 34);
        System.arraycopy(good, 34, options, 38, good.length - 34);
        options[14] = 0x46;
        TestFrames.putShort(options, 16, TestFrames.u16(good, 16) + 4);
        TestFrames.putShort(options, 24, 0);
        TestFrames.putShort(options, 24, TestFrames.checksum(options, 14, 24, 0));
        send(outside, options);

        assertEquals(0, inside.takeSent().size());
        Map<DropReason, Long> drops = worker.stats().drops();
        assertEquals(1, drops.get(DropReason.BAD_CHECKSUM));
        assertEquals(1, drops.get(DropReason.TRUNCATED));
        assertEquals(1, drops.get(DropReason.BAD_HEADER));
        assertEquals(1, drops.get(DropReason.FRAGMENT));
        assertEquals(1, drops.get(DropReason.UNKNOWN_PROTOCOL));
        assertEquals(1, drops.get(DropReason.NO_CONNECTION));
        assertEquals(1, drops.get(DropReason.IP_OPTIONS));

        send(outside, good);
        assertEquals(1, inside.takeSent().size(), "a good packet after all that still goes through");
    }

    @Test
    void aSynFloodOnAFullTableEvictsHalfOpenFlowsAndNeverEstablishedOnes() {
        service(VIP, 80, Scheduler.RR, ForwardingMethod.NAT, "198.18.11.1");
        send(outside, TestFrames.tcp(OUTSIDE_MAC, CLIENT_ROUTER_MAC, CLIENT, 1, VIP, 80, SYN, 0));
        send(inside, TestFrames.tcp(INSIDE_MAC, RS1_MAC, "198.18.11.1", 8080, CLIENT, 1, SYN | ACK, 0));
        send(outside, TestFrames.tcp(OUTSIDE_MAC, CLIENT_ROUTER_MAC, CLIENT, 1, VIP, 80, ACK, 0));
        assertEquals(2, inside.takeSent().size());
        assertEquals(1, worker.stats().services().getFirst().realServers().getFirst().activeConnections());
        for (int port = 2; port <= 1500; port++) {
            outside.inject(TestFrames.tcp(OUTSIDE_MAC, CLIENT_ROUTER_MAC, "198.18.98.1", port, VIP, 80, SYN, 0));
        }
        worker.doWork();
        assertEquals(1499, inside.takeSent().size(), "each new SYN takes the place of a half-open one");
        DataplaneStats stats = worker.stats();
        assertEquals(stats.connectionCapacity(), stats.connections(), "memory stays flat");
        assertEquals(1499 - (stats.connectionCapacity() - 1), stats.drops().get(DropReason.EVICTED));
        send(outside, TestFrames.tcp(OUTSIDE_MAC, CLIENT_ROUTER_MAC, CLIENT, 1, VIP, 80, ACK, 10));
        assertEquals(1, inside.takeSent().size(), "the established flow still goes through");

        // UDP has no half-open state to evict: a full table refuses its new flows.
        ServiceKey dns = ServiceKey.of(Protocol.UDP, ip(VIP), 53);
        worker.addService(Service.of(dns, Scheduler.RR));
        worker.setRealServer(dns, RealServer.of(new InetSocketAddress("198.18.11.1", 53), 1, ForwardingMethod.NAT));
        worker.activate(Set.of(ip(VIP)));
        send(outside, TestFrames.udp(OUTSIDE_MAC, CLIENT_ROUTER_MAC, CLIENT, 5000, VIP, 53, 8));
        assertEquals(0, inside.takeSent().size());
        assertEquals(1, worker.stats().drops().get(DropReason.TABLE_FULL));
    }

    @Test
    void notOursIsLeftAloneAndInactiveServicesForwardNothing() {
        ServiceKey key = service(VIP, 80, Scheduler.RR, ForwardingMethod.NAT, "198.18.11.1");
        send(outside, TestFrames.tcp(OUTSIDE_MAC, CLIENT_ROUTER_MAC, CLIENT, 40000, VIP, 22, SYN, 0));
        send(outside, TestFrames.tcp(OUTSIDE_MAC, CLIENT_ROUTER_MAC, CLIENT, 40000, "198.18.10.1", 80, SYN, 0));
        worker.activate(Set.of());
        send(outside, TestFrames.tcp(OUTSIDE_MAC, CLIENT_ROUTER_MAC, CLIENT, 40000, VIP, 80, SYN, 0));
        assertEquals(0, inside.takeSent().size());
        assertEquals(0, worker.stats().drops().values().stream().mapToLong(Long::longValue).sum());
        worker.activate(Set.of(ip(VIP)));
        worker.setRealServer(key, RealServer.of(new InetSocketAddress("198.18.11.1", 8080), 0, ForwardingMethod.NAT));
        send(outside, TestFrames.tcp(OUTSIDE_MAC, CLIENT_ROUTER_MAC, CLIENT, 40000, VIP, 80, SYN, 0));
        assertEquals(1, worker.stats().drops().get(DropReason.NO_DESTINATION), "weight 0 takes no new flow");
    }

    /** Clients 198.18.99.1 to .16 ({@link #CLIENT} among them): enough that mh gives each real server some. */
    private static final int SLOPPY_CLIENTS = 16;

    /** Where a second director's own Maglev table sends {@code client}: built from the pool in reverse order. */
    private static String maglevPick(String client, String... reals) {
        var mh = new io.vigil.dataplane.forward.schedule.MaglevScheduler(false, false);
        List<Destination> pool = new java.util.ArrayList<>();
        for (int i = reals.length - 1; i >= 0; i--) {
            pool.add(new Destination(100 + i, RealServer.of(new InetSocketAddress(reals[i], 8080), 1, ForwardingMethod.NAT)));
        }
        mh.destinationsChanged(pool);
        InetAddress c = ip(client);
        InetAddress v = ip(VIP);
        Flow flow = new Flow().set(TestFrames.TCP, AddressWords.high(c), AddressWords.low(c), 40000,
                AddressWords.high(v), AddressWords.low(v), 80);
        return mh.schedule(flow).config().address().getAddress().getHostAddress();
    }

    @Test
    void sloppyTcpCarriesOnAMidFlowAckAtTheServerTheHashChooses() {
        worker.sloppyTcp(true);
        service(VIP, 80, Scheduler.MH, ForwardingMethod.NAT, "198.18.11.1", "198.18.11.2");
        java.util.Set<String> reached = new java.util.HashSet<>();
        for (int n = 1; n <= SLOPPY_CLIENTS; n++) {
            String client = "198.18.99." + n;
            send(outside, TestFrames.tcp(OUTSIDE_MAC, CLIENT_ROUTER_MAC, client, 40000, VIP, 80, ACK, 20));
            List<byte[]> in = inside.takeSent();
            assertEquals(1, in.size(), "the mid-flow ACK of " + client + " is forwarded");
            String server = TestFrames.v4(in.getFirst(), false);
            assertEquals(maglevPick(client, "198.18.11.1", "198.18.11.2"), server, client);
            assertTrue(TestFrames.checksumsValid(in.getFirst()));
            reached.add(server);
        }
        assertEquals(Set.of("198.18.11.1", "198.18.11.2"), reached, "the hash spreads the clients");
        List<io.vigil.dataplane.api.ConnectionEntry> entries = worker.connections();
        assertEquals(SLOPPY_CLIENTS, entries.size());
        assertTrue(entries.stream().allMatch(e -> e.state().equals("ESTABLISHED")), entries.toString());
        assertEquals(SLOPPY_CLIENTS, worker.stats().services().getFirst().realServers().stream()
                .mapToInt(RealServerStats::activeConnections).sum(), "counted as ActiveConn");

        // The entry carries the flow on: its next segment, and the reply (SNAT back to the VIP).
        send(outside, TestFrames.tcp(OUTSIDE_MAC, CLIENT_ROUTER_MAC, CLIENT, 40000, VIP, 80, ACK, 5));
        String server = TestFrames.v4(inside.takeSent().getFirst(), false);
        send(inside, TestFrames.tcp(INSIDE_MAC, RS1_MAC, server, 8080, CLIENT, 40000, ACK, 5));
        assertEquals(VIP, TestFrames.v4(outside.takeSent().getFirst(), true));

        // A RST never opens a connection, sloppy or not (tcp_conn_schedule).
        send(outside, TestFrames.tcp(OUTSIDE_MAC, CLIENT_ROUTER_MAC, "198.18.98.1", 40000, VIP, 80, 0x04 | ACK, 0));
        assertEquals(0, inside.takeSent().size());
        assertEquals(1, worker.stats().drops().get(DropReason.NO_CONNECTION));
    }

    @Test
    void withoutSloppyTcpAMidFlowAckIsDroppedAndCounted() {
        service(VIP, 80, Scheduler.MH, ForwardingMethod.NAT, "198.18.11.1", "198.18.11.2");
        send(outside, TestFrames.tcp(OUTSIDE_MAC, CLIENT_ROUTER_MAC, CLIENT, 40000, VIP, 80, ACK, 20));
        send(outside, TestFrames.tcp(OUTSIDE_MAC, CLIENT_ROUTER_MAC, CLIENT, 40000, VIP, 80, TestFrames.FIN | ACK, 0));
        assertEquals(0, inside.takeSent().size());
        assertEquals(2, worker.stats().drops().get(DropReason.NO_CONNECTION));
        assertEquals(List.of(), worker.connections());
    }

    @Test
    void aMidFlowUdpDatagramGoesWhereTheOtherDirectorsHashSendsIt() {
        ServiceKey dns = ServiceKey.of(Protocol.UDP, ip(VIP), 53);
        worker.addService(Service.of(dns, Scheduler.MH));
        for (String r : List.of("198.18.11.1", "198.18.11.2")) {
            worker.setRealServer(dns, RealServer.of(new InetSocketAddress(r, 8080), 1, ForwardingMethod.NAT));
        }
        worker.activate(Set.of(ip(VIP)));
        for (int n = 1; n <= SLOPPY_CLIENTS; n++) {
            String client = "198.18.99." + n;
            send(outside, TestFrames.udp(OUTSIDE_MAC, CLIENT_ROUTER_MAC, client, 40000, VIP, 53, 8));
            assertEquals(maglevPick(client, "198.18.11.1", "198.18.11.2"), TestFrames.v4(inside.takeSent().getFirst(), false));
        }
    }
}
