package io.vigil.bench.forward;

import io.vigil.dataplane.api.DropReason;
import io.vigil.dataplane.api.ForwardingMethod;
import io.vigil.dataplane.api.Protocol;
import io.vigil.dataplane.api.RealServer;
import io.vigil.dataplane.api.Scheduler;
import io.vigil.dataplane.api.Service;
import io.vigil.dataplane.api.ServiceKey;
import io.vigil.dataplane.api.Timeouts;
import io.vigil.dataplane.forward.AddressWords;
import io.vigil.dataplane.forward.ForwardingWorker;
import io.vigil.dataplane.forward.Neighbours;
import io.vigil.dataplane.forward.NextHop;
import io.vigil.dataplane.forward.NextHopSource;
import io.vigil.dataplane.forward.PortIdleStrategy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The per-packet path of the user-space dataplane, through {@link ForwardingWorker#doWork()} as the forwarding
 * thread runs it: one duty cycle hands {@value #BATCH} copies of one frame to the {@link
 * io.vigil.dataplane.forward.PacketForwarder} (parse, connection lookup, rewrite, next-hop lookup in the real
 * {@link Neighbours} cache, transmit), so the score is ns per packet.
 *
 * <ul>
 *   <li>{@code NAT_DNAT}: client to VIP on an established LVS-NAT flow (DNAT to RIP:8080, TTL, checksums).</li>
 *   <li>{@code NAT_SNAT}: the real server's reply on that flow (SNAT back to VIP:80).</li>
 *   <li>{@code DR}: client to VIP on an established LVS-DR flow (destination MAC only).</li>
 *   <li>{@code NOT_OURS}: a frame to another address, parsed and left to the kernel.</li>
 * </ul>
 *
 * <p>Threading: JMH's one benchmark thread owns the worker, as the forwarding thread does in the daemon.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ForwardingBench {

    /** Frames per duty cycle (a ring block's worth). */
    static final int BATCH = 64;

    private static final long OUTSIDE_MAC = 0x02_00_00_00_00_01L;
    private static final long INSIDE_MAC = 0x02_00_00_00_00_02L;
    private static final long ROUTER_MAC = 0x02_00_00_00_0c_01L;
    private static final long RS_MAC = 0x02_00_00_00_01_01L;
    private static final long DR_RS_MAC = 0x02_00_00_00_01_11L;
    private static final int CLIENT = Ipv4TcpFrame.address("198.18.99.7");
    private static final int NAT_VIP = Ipv4TcpFrame.address("198.18.10.100");
    private static final int DR_VIP = Ipv4TcpFrame.address("198.18.10.101");
    private static final int NAT_RS = Ipv4TcpFrame.address("198.18.11.1");
    private static final int DR_RS = Ipv4TcpFrame.address("198.18.10.11");
    private static final int ELSEWHERE = Ipv4TcpFrame.address("198.18.10.1");
    private static final int CLIENT_PORT = 40000;

    @Param({"NAT_DNAT", "NAT_SNAT", "DR", "NOT_OURS"})
    public String path;

    private ForwardingWorker worker;
    private ReplayPort outside;
    private ReplayPort inside;

    @Setup(Level.Trial)
    public void setUp() {
        outside = new ReplayPort("eth0", 1, OUTSIDE_MAC);
        inside = new ReplayPort("eth1", 2, INSIDE_MAC);
        Neighbours neighbours = new Neighbours(new NoResolver(), 16);
        neighbours.resolved(0, AddressWords.v4Low(CLIENT), new NextHop(1, "eth0", OUTSIDE_MAC, ROUTER_MAC, 1500, 0));
        neighbours.resolved(0, AddressWords.v4Low(NAT_RS), new NextHop(2, "eth1", INSIDE_MAC, RS_MAC, 1500, 0));
        neighbours.resolved(0, AddressWords.v4Low(DR_RS), new NextHop(1, "eth0", OUTSIDE_MAC, DR_RS_MAC, 1500, 0));
        worker = new ForwardingWorker(1 << 16, Timeouts.IPVS_DEFAULTS, neighbours, new PortIdleStrategy(), () -> { });
        worker.addPort(outside);
        worker.addPort(inside);
        service(NAT_VIP, NAT_RS, 8080, ForwardingMethod.NAT);
        service(DR_VIP, DR_RS, 80, ForwardingMethod.DR);
        worker.activate(Set.of(ip(NAT_VIP), ip(DR_VIP)));

        // Establish both flows: SYN, SYN-ACK (NAT only: DR replies bypass the director), ACK.
        once(outside, Ipv4TcpFrame.of(OUTSIDE_MAC, ROUTER_MAC, CLIENT, CLIENT_PORT, NAT_VIP, 80, Ipv4TcpFrame.SYN, 0));
        once(inside, Ipv4TcpFrame.of(INSIDE_MAC, RS_MAC, NAT_RS, 8080, CLIENT, CLIENT_PORT,
                Ipv4TcpFrame.SYN | Ipv4TcpFrame.ACK, 0));
        once(outside, natAck());
        once(outside, Ipv4TcpFrame.of(OUTSIDE_MAC, ROUTER_MAC, CLIENT, CLIENT_PORT, DR_VIP, 80, Ipv4TcpFrame.SYN, 0));
        once(outside, drAck());
        requireNoDrops();

        switch (path) {
            case "NAT_DNAT" -> replay(outside, natAck());
            case "NAT_SNAT" -> replay(inside, Ipv4TcpFrame.of(INSIDE_MAC, RS_MAC, NAT_RS, 8080, CLIENT, CLIENT_PORT,
                    Ipv4TcpFrame.ACK, 0));
            case "DR" -> replay(outside, drAck());
            case "NOT_OURS" -> replay(outside, Ipv4TcpFrame.of(OUTSIDE_MAC, ROUTER_MAC, CLIENT, CLIENT_PORT, ELSEWHERE,
                    22, Ipv4TcpFrame.ACK, 0));
            default -> throw new IllegalArgumentException("path " + path + ", expected NAT_DNAT, NAT_SNAT, DR or NOT_OURS");
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int forward() {
        return worker.doWork();
    }

    /** The figure is only worth printing if every replayed frame took the path it names. */
    @TearDown(Level.Trial)
    public void checkPath() {
        requireNoDrops();
        long sent = outside.transmitted() + inside.transmitted();
        if (path.equals("NOT_OURS") ? sent != SETUP_FRAMES : sent <= SETUP_FRAMES) {
            throw new IllegalStateException(path + ": " + (sent - SETUP_FRAMES) + " frames transmitted, which is not the path measured");
        }
    }

    /** Frames the setup's handshakes transmit (5 frames, all forwarded). */
    private static final long SETUP_FRAMES = 5;

    private byte[] natAck() {
        return Ipv4TcpFrame.of(OUTSIDE_MAC, ROUTER_MAC, CLIENT, CLIENT_PORT, NAT_VIP, 80, Ipv4TcpFrame.ACK, 0);
    }

    private byte[] drAck() {
        return Ipv4TcpFrame.of(OUTSIDE_MAC, ROUTER_MAC, CLIENT, CLIENT_PORT, DR_VIP, 80, Ipv4TcpFrame.ACK, 0);
    }

    private void service(int vip, int rip, int port, ForwardingMethod method) {
        ServiceKey key = ServiceKey.of(Protocol.TCP, ip(vip), 80);
        worker.addService(Service.of(key, Scheduler.RR));
        worker.setRealServer(key, RealServer.of(new InetSocketAddress(ip(rip), port), 1, method));
    }

    private void once(ReplayPort port, byte[] frame) {
        port.prepare(frame, 1);
        worker.doWork();
        port.prepare(frame, 0);
    }

    private void replay(ReplayPort port, byte[] frame) {
        port.prepare(frame, BATCH);
    }

    private void requireNoDrops() {
        for (Map.Entry<DropReason, Long> e : worker.stats().drops().entrySet()) {
            if (e.getValue() != 0) {
                throw new IllegalStateException(path + ": dropped " + e.getValue() + " frames for " + e.getKey());
            }
        }
    }

    private static InetAddress ip(int address) {
        try {
            return InetAddress.getByAddress(new byte[] {
                    (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address});
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Every next hop is in the cache before the first frame; nothing is ever resolved. */
    private static final class NoResolver implements NextHopSource {
        @Override
        public boolean request(long high, long low) {
            return false;
        }

        @Override
        public int drain(Sink sink) {
            return 0;
        }
    }
}
