package io.vigil.dataplane.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.api.DataplaneBackend;
import io.vigil.dataplane.api.DataplaneSettings;
import io.vigil.dataplane.api.DataplaneStats;
import io.vigil.dataplane.api.DropReason;
import io.vigil.dataplane.api.ForwardingMethod;
import io.vigil.dataplane.api.PortStats;
import io.vigil.dataplane.api.Protocol;
import io.vigil.dataplane.api.RealServer;
import io.vigil.dataplane.api.Scheduler;
import io.vigil.dataplane.api.Service;
import io.vigil.dataplane.api.ServiceKey;
import io.vigil.dataplane.api.ServiceStats;
import io.vigil.dataplane.lab.Netns;
import io.vigil.dataplane.lab.NetnsLab;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two workers forwarding LVS-NAT in a lab, on each backend: client c (198.18.30.1) reaches VIP 198.18.30.100 on
 * director d, which forwards TCP :80 and UDP :53 to real server r (198.18.31.1, :8080 and :5353, its gateway d). Many
 * flows of each protocol succeed end to end (a NAT reply that reached the other worker would find no connection and
 * be dropped), and both workers carry some of them. With XDP the client's link has two queues (the client's transmit
 * hash picks the queue, so requests arrive on either worker's socket) and the real server's one (worker 1 has no
 * socket there: it gets its replies from worker 0 and sends through it): both workers hand frames to the other, and
 * no frame is lost to a full handoff ring. {@link WorkerAllocationLabTest} checks the same labs for allocation.
 */
@Tag("netns")
class MultiWorkerLabTest {

    @RegisterExtension
    static final NetnsLab lab = new NetnsLab();

    static final InetAddress VIP = address("198.18.30.100");
    static final InetSocketAddress TCP_VIP = new InetSocketAddress(VIP, 80);
    static final InetSocketAddress UDP_VIP = new InetSocketAddress(VIP, 53);
    static final ServiceKey TCP = ServiceKey.of(Protocol.TCP, VIP, 80);
    static final ServiceKey UDP = ServiceKey.of(Protocol.UDP, VIP, 53);
    private static final int FLOWS = 80;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DataplaneBackend.class, names = {"TPACKET", "XDP"})
    void manyTcpAndUdpNatFlowsSucceedAndBothWorkersCarrySome(DataplaneBackend backend) throws Exception {
        try (NatLab nat = NatLab.start(lab, 2, backend)) {
            flowsThroughBothWorkers(nat, backend);
        }
    }

    private static void flowsThroughBothWorkers(NatLab nat, DataplaneBackend backend) throws Exception {
        List<String> failures = nat.client().call(() -> {
            List<String> failed = new ArrayList<>();
            for (int i = 0; i < FLOWS; i++) {
                String answer = tcpExchange("tcp " + i);
                if (!answer.equals("r: tcp " + i)) {
                    failed.add("tcp " + i + ": " + answer);
                }
            }
            // Every socket stays open until the last exchange, so the kernel cannot give a closed one's port to a later
            // one: each of the FLOWS exchanges is a flow of its own, which the connection count below relies on.
            List<DatagramSocket> open = new ArrayList<>();
            try {
                for (int i = 0; i < FLOWS; i++) {
                    DatagramSocket u = new DatagramSocket(new InetSocketAddress(NatLab.CLIENT, 0));
                    open.add(u);
                    String answer = udpExchange(u, "udp " + i);
                    if (!answer.equals("r: udp " + i)) {
                        failed.add("udp " + i + ": " + answer);
                    }
                }
            } finally {
                open.forEach(DatagramSocket::close);
            }
            return failed;
        });
        assertEquals(List.of(), failures, "every flow is answered through the VIP");

        List<DataplaneStats> workers = nat.dataplane().workerStats();
        assertEquals(2, workers.size());
        for (int w = 0; w < 2; w++) {
            for (ServiceKey key : List.of(TCP, UDP)) {
                ServiceStats s = service(workers.get(w), key);
                assertTrue(s.counters().connections() > 0 && s.counters().packetsOut() > 0,
                        "worker " + w + " carried " + key + " flows and their replies: " + s.counters());
            }
        }
        DataplaneStats all = nat.dataplane().stats();
        assertEquals(FLOWS + 1, service(all, TCP).counters().connections(), "the readiness probe and the flows");
        assertEquals(FLOWS, service(all, UDP).counters().connections());
        assertEquals(0L, all.drops().get(DropReason.NO_CONNECTION), "no packet reached a worker without its entry");
        assertEquals(service(workers.get(0), TCP).counters().connections()
                + service(workers.get(1), TCP).counters().connections(), service(all, TCP).counters().connections());
        System.out.println(backend.settingName() + " ports of workers 0 and 1: " + workers.get(0).ports() + " "
                + workers.get(1).ports());
        for (int w = 0; w < 2; w++) {
            long handedOff = 0;
            for (PortStats p : workers.get(w).ports()) {
                assertEquals(backend.settingName(), p.backend(), p.toString());
                handedOff += p.handedOff();
            }
            if (backend == DataplaneBackend.XDP) {
                assertTrue(handedOff > 0, "worker " + w + " handed frames to the other: " + workers.get(w).ports());
            } else {
                assertEquals(0, handedOff, "the kernel's fanout shares the frames: " + workers.get(w).ports());
            }
        }
        assertEquals(0L, all.drops().get(DropReason.HANDOFF_FULL), "no handoff ring ran full");
    }

    static ServiceStats service(DataplaneStats stats, ServiceKey key) {
        return stats.services().stream().filter(s -> s.service().key().equals(key)).findFirst().orElseThrow();
    }

    /** One TCP connection to the VIP: a line out, the answer back; the answer or what went wrong. */
    static String tcpExchange(String line) {
        try (Socket s = new Socket()) {
            s.connect(TCP_VIP, 2000);
            s.setSoTimeout(2000);
            s.getOutputStream().write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return answer == null ? "closed without an answer" : answer;
        } catch (Exception e) {
            return e.toString();
        }
    }

    /** One UDP flow from {@code u}'s port to the VIP: a datagram out, the answer back. */
    static String udpExchange(DatagramSocket u, String text) {
        try {
            u.setSoTimeout(2000);
            byte[] out = text.getBytes(StandardCharsets.US_ASCII);
            u.send(new DatagramPacket(out, out.length, UDP_VIP));
            DatagramPacket in = new DatagramPacket(new byte[256], 256);
            u.receive(in);
            return new String(in.getData(), 0, in.getLength(), StandardCharsets.US_ASCII);
        } catch (Exception e) {
            return e.toString();
        }
    }

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * The lab: namespaces c, d, r, the dataplane with {@code workers} workers running in d, and the real server's
     * echo servers (TCP: a line back, prefixed "r: "; UDP: the datagram back, prefixed). Close removes what it
     * started; the namespaces go with the {@link NetnsLab}.
     */
    record NatLab(Netns client, Netns director, UserSpaceDataplane dataplane, ServerSocket tcp, DatagramSocket udp)
            implements AutoCloseable {

        static final InetAddress CLIENT = address("198.18.30.1");
        static final InetSocketAddress REAL_TCP = new InetSocketAddress("198.18.31.1", 8080);
        static final InetSocketAddress REAL_UDP = new InetSocketAddress("198.18.31.1", 5353);

        /**
         * The lab on {@code backend}, its namespaces named after it (c-xdp, ...); with XDP the client's link has two
         * queues and the real server's one.
         */
        static NatLab start(NetnsLab lab, int workers, DataplaneBackend backend) throws Exception {
            String suffix = "-" + backend.settingName();
            Netns c = lab.namespace("c" + suffix);
            Netns d = lab.namespace("d" + suffix);
            Netns r = lab.namespace("r" + suffix);
            int clientQueues = backend == DataplaneBackend.XDP ? 2 : 1;
            lab.veth(c, "eth0", "198.18.30.1/24", d, "eth0", "198.18.30.254/24", clientQueues);
            lab.address(d, "eth0", "198.18.30.100/32");
            lab.veth(d, "eth1", "198.18.31.254/24", r, "eth0", "198.18.31.1/24");
            r.exec("ip", "route", "add", "default", "via", "198.18.31.254").orThrow();
            ServerSocket tcp = r.call(() -> new ServerSocket(REAL_TCP.getPort(), 256, REAL_TCP.getAddress()));
            DatagramSocket udp = r.call(() -> new DatagramSocket(REAL_UDP));
            Thread.ofPlatform().daemon().name("r-tcp").start(() -> serveTcp(tcp));
            Thread.ofPlatform().daemon().name("r-udp").start(() -> serveUdp(udp));
            DataplaneSettings defaults = DataplaneSettings.DEFAULTS;
            DataplaneSettings settings = new DataplaneSettings(true, defaults.connectionCapacity(),
                    defaults.ringBlockSize(), defaults.ringBlockCount(), workers, false, backend);
            UserSpaceDataplane dp = d.call(() -> UserSpaceDataplane.start(LinuxHostNetwork.open(settings), settings));
            dp.addService(Service.of(TCP, Scheduler.RR));
            dp.addService(Service.of(UDP, Scheduler.RR));
            dp.setRealServer(TCP, RealServer.of(REAL_TCP, 1, ForwardingMethod.NAT));
            dp.setRealServer(UDP, RealServer.of(REAL_UDP, 1, ForwardingMethod.NAT));
            dp.activate(Set.of(VIP));
            NatLab nat = new NatLab(c, d, dp, tcp, udp);
            String answer = "";
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (!answer.equals("r: ready") && System.nanoTime() < deadline) {
                answer = c.call(() -> tcpExchange("ready"));
            }
            if (!answer.equals("r: ready")) {
                nat.close();
                throw new AssertionError("the VIP never answered: " + answer);
            }
            return nat;
        }

        private static void serveTcp(ServerSocket server) {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread.ofPlatform().daemon().start(() -> {
                        try (s; OutputStream out = s.getOutputStream()) {
                            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                                    StandardCharsets.US_ASCII));
                            PrintStream answers = new PrintStream(out, true, StandardCharsets.US_ASCII);
                            for (String line = in.readLine(); line != null; line = in.readLine()) {
                                answers.print("r: " + line + "\n");
                                answers.flush();
                            }
                        } catch (Exception e) {
                            // the client went away
                        }
                    });
                } catch (Exception e) {
                    return; // closed
                }
            }
        }

        private static void serveUdp(DatagramSocket socket) {
            DatagramPacket in = new DatagramPacket(new byte[2048], 2048);
            while (!socket.isClosed()) {
                try {
                    in.setLength(2048);
                    socket.receive(in);
                    byte[] answer = ("r: " + new String(in.getData(), 0, in.getLength(), StandardCharsets.US_ASCII))
                            .getBytes(StandardCharsets.US_ASCII);
                    socket.send(new DatagramPacket(answer, answer.length, in.getSocketAddress()));
                } catch (Exception e) {
                    return; // closed
                }
            }
        }

        @Override
        public void close() {
            dataplane.close();
            try {
                tcp.close();
            } catch (Exception e) {
                // closing anyway
            }
            udp.close();
        }
    }
}
