package io.vigil.dataplane.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.linux.ClassicBpf;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fanout program, run over frames by {@link ClassicBpfMachine}: both directions of a NAT flow, one worker. */
class FanoutProgramTest {

    static final int TCP = 6;
    static final int UDP = 17;
    static final InetAddress VIP = address("198.18.0.100");
    static final InetAddress RS = address("198.18.1.1");
    static final InetAddress VIP6 = address("fd00::100");
    static final InetAddress RS6 = address("fd00:1::1");

    static final FlowPartition NAT = new FlowPartition(
            List.of(new FlowPartition.Endpoint(TCP, VIP, 80, 32, true), new FlowPartition.Endpoint(UDP, VIP, 53, 32, true),
                    new FlowPartition.Endpoint(TCP, VIP6, 80, 128, true)),
            List.of(new FlowPartition.Endpoint(TCP, RS, 8080, 32, true), new FlowPartition.Endpoint(UDP, RS, 5353, 32, true),
                    new FlowPartition.Endpoint(TCP, RS6, 8080, 128, true)));

    @Test
    void requestAndNatReplyOfEveryFlowMeetOnOneWorkerAndFlowsSpreadOverWorkers() {
        ClassicBpf program = FanoutProgram.compile(NAT);
        Random random = new Random(7);
        int[] perWorker = new int[2];
        for (int i = 0; i < 400; i++) {
            InetAddress client = address("198.18.2." + random.nextInt(1, 255));
            int port = random.nextInt(1024, 65536);
            boolean udp = i % 2 == 0;
            int request = ClassicBpfMachine.run(program, frame(udp ? UDP : TCP, client, port, VIP, udp ? 53 : 80));
            int reply = ClassicBpfMachine.run(program, frame(udp ? UDP : TCP, RS, udp ? 5353 : 8080, client, port));
            assertEquals(request, reply, "flow " + client + ":" + port + (udp ? " UDP" : " TCP"));
            perWorker[Integer.remainderUnsigned(request, 2)]++;
        }
        assertTrue(perWorker[0] > 150 && perWorker[1] > 150, "spread over 2 workers: " + perWorker[0] + "/" + perWorker[1]);
    }

    @Test
    void ipv6FlowsMeetToo() {
        ClassicBpf program = FanoutProgram.compile(NAT);
        int seen = 0;
        for (int port = 40000; port < 40064; port++) {
            InetAddress client = address("fd00:2::" + Integer.toHexString(port));
            int request = ClassicBpfMachine.run(program, frame(TCP, client, port, VIP6, 80));
            assertEquals(request, ClassicBpfMachine.run(program, frame(TCP, RS6, 8080, client, port)));
            seen |= 1 << Integer.remainderUnsigned(request, 2);
        }
        assertEquals(3, seen, "both workers get IPv6 flows");
    }

    @Test
    void framesOfNoEndpointGoToWorkerZero() {
        ClassicBpf program = FanoutProgram.compile(NAT);
        InetAddress client = address("198.18.2.9");
        assertEquals(0, ClassicBpfMachine.run(program, frame(TCP, client, 40000, VIP, 443)), "another port");
        assertEquals(0, ClassicBpfMachine.run(program, frame(UDP, client, 40000, VIP, 80)), "another protocol");
        assertEquals(0, ClassicBpfMachine.run(program, frame(TCP, RS, 8081, client, 40000)), "another real server port");
        byte[] arp = new byte[42];
        arp[12] = 0x08;
        arp[13] = 0x06;
        assertEquals(0, ClassicBpfMachine.run(program, arp), "ARP");
        assertNotEquals(0, ClassicBpfMachine.run(program, frame(TCP, client, 40000, VIP, 80)) | ClassicBpfMachine.run(
                program, frame(TCP, client, 40001, VIP, 80)), "a service's frames hash");
    }

    @Test
    void aPersistentServiceHashesTheClientNetworkWithoutThePort() {
        FlowPartition persistent = new FlowPartition(List.of(new FlowPartition.Endpoint(TCP, VIP, 80, 24, false)),
                List.of(new FlowPartition.Endpoint(TCP, RS, 8080, 24, false)));
        ClassicBpf program = FanoutProgram.compile(persistent);
        int first = ClassicBpfMachine.run(program, frame(TCP, address("198.18.2.1"), 40000, VIP, 80));
        for (int host = 2; host < 60; host++) {
            InetAddress client = address("198.18.2." + host);
            assertEquals(first, ClassicBpfMachine.run(program, frame(TCP, client, 40000 + host, VIP, 80)), client.toString());
            assertEquals(first, ClassicBpfMachine.run(program, frame(TCP, RS, 8080, client, 50000 + host)));
        }
        int differ = 0;
        for (int net = 3; net < 40; net++) {
            differ += ClassicBpfMachine.run(program, frame(TCP, address("198.18." + net + ".1"), 1, VIP, 80)) != first ? 1 : 0;
        }
        assertTrue(differ > 30, "other /24 networks hash elsewhere: " + differ + " of 37");
    }

    @Test
    void aProgramWithIpOptionsReadsThePortsAfterThem() {
        ClassicBpf program = FanoutProgram.compile(NAT);
        InetAddress client = address("198.18.2.7");
        byte[] plain = frame(TCP, client, 40000, VIP, 80);
        byte[] options = new byte[plain.length + 4];
        System.arraycopy(plain, 0, options, 0, 34);
        System.arraycopy(plain, 34, options, 38, plain.length - 34);
        options[14] = 0x46; // IHL 6: one word of options
        assertEquals(ClassicBpfMachine.run(program, plain), ClassicBpfMachine.run(program, options));
    }

    @Test
    void conditionalJumpsFartherThan255AreRefused() {
        ClassicBpf.Builder b = ClassicBpf.builder();
        int far = b.label();
        b.jumpIfEqual(1, far, -1);
        for (int i = 0; i < 256; i++) {
            b.op(ClassicBpf.LD | ClassicBpf.IMM, i);
        }
        b.place(far).op(ClassicBpf.RET | ClassicBpf.K, 0);
        assertThrows(IllegalStateException.class, b::build);
    }

    @Test
    void manyEndpointsStillCompileWithinTheConditionalJumpRange() {
        List<FlowPartition.Endpoint> services = new java.util.ArrayList<>();
        for (int i = 1; i < 200; i++) {
            services.add(new FlowPartition.Endpoint(TCP, address("198.18.3." + i), 80, 32, true));
        }
        ClassicBpf program = FanoutProgram.compile(new FlowPartition(services, List.of()));
        assertTrue(program.length() < ClassicBpf.MAX_INSTRUCTIONS);
        assertNotEquals(0, ClassicBpfMachine.run(program, frame(TCP, address("198.18.2.1"), 1234, address("198.18.3.199"), 80)));
    }

    /** Ethernet, IPv4 or IPv6 without options, and the first four octets of TCP or UDP (the ports), padded. */
    static byte[] frame(int protocol, InetAddress source, int sourcePort, InetAddress destination, int destinationPort) {
        boolean v6 = source.getAddress().length == 16;
        int ip = v6 ? 40 : 20;
        ByteBuffer f = ByteBuffer.allocate(14 + ip + 20);
        f.position(12);
        f.putShort((short) (v6 ? 0x86DD : 0x0800));
        if (v6) {
            f.putInt(0x6000_0000).putShort((short) 20).put((byte) protocol).put((byte) 64);
        } else {
            f.put((byte) 0x45).put((byte) 0).putShort((short) (ip + 20)).putInt(0).put((byte) 64).put((byte) protocol)
                    .putShort((short) 0);
        }
        f.put(source.getAddress()).put(destination.getAddress());
        f.putShort((short) sourcePort).putShort((short) destinationPort);
        return f.array();
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
