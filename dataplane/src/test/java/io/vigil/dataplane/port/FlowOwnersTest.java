package io.vigil.dataplane.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.linux.ClassicBpf;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The owner of each frame among the workers of an AF_XDP device: both directions of a NAT flow (client to VIP, real
 * server to client) have one owner, IPv4 and IPv6; a persistent service's client network has one; the owner is the
 * worker the TPACKET backend's fanout program picks for the same frame; frames of no endpoint and bad frames have none.
 */
class FlowOwnersTest {

    private static final int TCP = FanoutProgramTest.TCP;
    private static final int UDP = FanoutProgramTest.UDP;
    private static final InetAddress VIP = FanoutProgramTest.VIP;
    private static final InetAddress RS = FanoutProgramTest.RS;
    private static final InetAddress VIP6 = FanoutProgramTest.VIP6;
    private static final InetAddress RS6 = FanoutProgramTest.RS6;
    /** TCP :80 and UDP :53 on an IPv4 VIP, TCP :80 on an IPv6 one, each to a NAT real server. */
    private static final FlowPartition NAT = FanoutProgramTest.NAT;

    @Test
    void requestAndNatReplyOfEveryFlowHaveOneOwnerAndFlowsSpreadOverTheWorkers() {
        for (int workers = 2; workers <= 4; workers++) {
            FlowOwners owners = FlowOwners.of(NAT, workers);
            Random random = new Random(workers);
            int[] perWorker = new int[workers];
            for (int i = 0; i < 600; i++) {
                InetAddress client = address("198.18.2." + random.nextInt(1, 255));
                int port = random.nextInt(1024, 65536);
                boolean udp = i % 2 == 0;
                int request = owner(owners, frame(udp ? UDP : TCP, client, port, VIP, udp ? 53 : 80));
                int reply = owner(owners, frame(udp ? UDP : TCP, RS, udp ? 5353 : 8080, client, port));
                assertEquals(request, reply, "flow " + client + ":" + port + (udp ? " UDP" : " TCP"));
                perWorker[request]++;
            }
            for (int w = 0; w < workers; w++) {
                assertTrue(perWorker[w] > 600 / workers / 2, "spread over " + workers + ": " + Arrays.toString(perWorker));
            }
        }
    }

    @Test
    void ipv6FlowsHaveOneOwnerToo() {
        FlowOwners owners = FlowOwners.of(NAT, 2);
        int seen = 0;
        for (int port = 40000; port < 40064; port++) {
            InetAddress client = address("fd00:2::" + Integer.toHexString(port));
            int request = owner(owners, frame(TCP, client, port, VIP6, 80));
            assertEquals(request, owner(owners, frame(TCP, RS6, 8080, client, port)), client.toString());
            seen |= 1 << request;
        }
        assertEquals(3, seen, "both workers own IPv6 flows");
    }

    @Test
    void theOwnerIsTheWorkerTheFanoutProgramPicks() {
        ClassicBpf program = FanoutProgram.compile(NAT);
        Random random = new Random(11);
        for (int workers = 2; workers <= 5; workers++) {
            FlowOwners owners = FlowOwners.of(NAT, workers);
            for (int i = 0; i < 300; i++) {
                boolean v6 = i % 3 == 0;
                InetAddress client = v6 ? address("fd00:2::" + Integer.toHexString(random.nextInt(1, 0xffff)))
                        : address("198.18." + random.nextInt(2, 200) + "." + random.nextInt(1, 255));
                int port = random.nextInt(1, 65536);
                byte[] request = v6 ? frame(TCP, client, port, VIP6, 80) : frame(i % 2 == 0 ? UDP : TCP, client, port,
                        VIP, i % 2 == 0 ? 53 : 80);
                byte[] reply = v6 ? frame(TCP, RS6, 8080, client, port) : frame(TCP, RS, 8080, client, port);
                for (byte[] f : List.of(request, reply)) {
                    assertEquals(Integer.remainderUnsigned(ClassicBpfMachine.run(program, f), workers), owner(owners, f),
                            client + ":" + port + " among " + workers);
                }
            }
        }
    }

    @Test
    void aPersistentServiceGivesAClientNetworkOneOwnerWhateverThePorts() {
        FlowPartition persistent = new FlowPartition(List.of(new FlowPartition.Endpoint(TCP, VIP, 0, 24, false),
                new FlowPartition.Endpoint(TCP, VIP6, 443, 64, false)),
                List.of(new FlowPartition.Endpoint(TCP, RS, 0, 24, false)));
        FlowOwners owners = FlowOwners.of(persistent, 4);
        int first = owner(owners, frame(TCP, address("198.18.2.1"), 40000, VIP, 80));
        for (int host = 2; host < 60; host++) {
            InetAddress client = address("198.18.2." + host);
            assertEquals(first, owner(owners, frame(TCP, client, 40000 + host, VIP, 80 + host)), client.toString());
            assertEquals(first, owner(owners, frame(TCP, RS, 8000 + host, client, 50000 + host)), "reply to " + client);
        }
        int[] perWorker = new int[4];
        for (int net = 3; net < 83; net++) {
            perWorker[owner(owners, frame(TCP, address("198.18." + net + ".1"), 1, VIP, 80))]++;
        }
        assertTrue(Arrays.stream(perWorker).allMatch(n -> n > 5), "other /24 networks spread: "
                + Arrays.toString(perWorker));
        int first6 = owner(owners, frame(TCP, address("fd00:2:0:1::1"), 1, VIP6, 443));
        for (int host = 2; host < 40; host++) {
            assertEquals(first6, owner(owners, frame(TCP, address("fd00:2:0:1::" + host), host, VIP6, 443)),
                    "one /64");
        }
    }

    @Test
    void framesOfNoEndpointAndBadFramesHaveNoOwner() {
        FlowOwners owners = FlowOwners.of(NAT, 2);
        InetAddress client = address("198.18.2.9");
        assertEquals(FlowOwners.UNOWNED, owner(owners, frame(TCP, client, 40000, VIP, 443)), "another port");
        assertEquals(FlowOwners.UNOWNED, owner(owners, frame(UDP, client, 40000, VIP, 80)), "another protocol");
        assertEquals(FlowOwners.UNOWNED, owner(owners, frame(TCP, RS, 8081, client, 40000)), "another real server port");
        assertEquals(FlowOwners.UNOWNED, owner(owners, frame(TCP, address("fd00:1::2"), 8080, client6(), 80)),
                "another IPv6 real server");
        byte[] arp = new byte[42];
        arp[12] = 0x08;
        arp[13] = 0x06;
        assertEquals(FlowOwners.UNOWNED, owner(owners, arp), "ARP");
        byte[] good = frame(TCP, client, 40000, VIP, 80);
        for (int length = 0; length < 14 + 20 + 4; length++) {
            assertEquals(FlowOwners.UNOWNED, owners.owner(MemorySegment.ofArray(good), 0, length), "cut at " + length);
        }
        assertEquals(FlowOwners.UNOWNED, owners.owner(MemorySegment.ofArray(good), 8, good.length), "past the memory");
        byte[] badIhl = good.clone();
        badIhl[14] = 0x44;
        assertEquals(FlowOwners.UNOWNED, owner(owners, badIhl), "IHL below 5");
        Random random = new Random(3);
        for (int i = 0; i < 20_000; i++) {
            byte[] noise = new byte[random.nextInt(0, 80)];
            random.nextBytes(noise);
            if (noise.length > 13 && i % 2 == 0) {
                noise[12] = (byte) (i % 4 == 0 ? 0x08 : 0x86);
                noise[13] = (byte) (i % 4 == 0 ? 0x00 : 0xdd);
            }
            int o = owner(owners, noise); // never throws
            assertTrue(o == FlowOwners.UNOWNED || o == 0 || o == 1);
        }
        assertEquals(FlowOwners.UNOWNED, owner(FlowOwners.NONE, good), "before the first partition");
    }

    @Test
    void aLaterFragmentIsLookedUpWithoutPortsAndHashedWithoutTheClientPort() {
        FlowPartition wildcard = new FlowPartition(List.of(new FlowPartition.Endpoint(UDP, VIP, 0, 32, false)),
                List.of());
        FlowOwners owners = FlowOwners.of(wildcard, 3);
        InetAddress client = address("198.18.2.44");
        byte[] first = frame(UDP, client, 40000, VIP, 53);
        byte[] later = first.clone();
        later[14 + 6] = 0x00;
        later[14 + 7] = 0x10; // fragment offset 16 (128 octets): no ports
        later[14 + 20] = 0x12; // what was the source port is payload now
        assertEquals(owner(owners, first), owner(owners, later));
        assertEquals(FlowOwners.UNOWNED, owner(FlowOwners.of(NAT, 3), later), "a service with a port needs its ports");
    }

    @Test
    void noWorkersIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> FlowOwners.of(NAT, 0));
    }

    private static InetAddress client6() {
        return address("fd00:2::9");
    }

    private static int owner(FlowOwners owners, byte[] frame) {
        // At an offset in a larger segment, as in a UMEM frame.
        MemorySegment memory = MemorySegment.ofArray(new byte[frame.length + 300]);
        MemorySegment.copy(MemorySegment.ofArray(frame), 0, memory, 256, frame.length);
        return owners.owner(memory, 256, frame.length);
    }

    private static byte[] frame(int protocol, InetAddress source, int sourcePort, InetAddress destination, int port) {
        return FanoutProgramTest.frame(protocol, source, sourcePort, destination, port);
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
