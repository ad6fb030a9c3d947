package io.vigil.vrrp.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.vigil.dataplane.packet.Ipv4Header;
import io.vigil.vrrp.fsm.InstanceSpec;
import io.vigil.vrrp.fsm.Startup;
import io.vigil.vrrp.fsm.TimerKind;
import io.vigil.vrrp.fsm.VrrpAction;
import io.vigil.vrrp.fsm.VrrpInstance;
import io.vigil.vrrp.fsm.VrrpState;
import io.vigil.vrrp.wire.AddressWords;
import io.vigil.vrrp.wire.AdvertEncoder;
import io.vigil.vrrp.wire.AdvertProfile;
import io.vigil.vrrp.wire.AdvertValidator;
import io.vigil.vrrp.wire.IpFamily;
import io.vigil.vrrp.wire.VrrpCheck;
import io.vigil.vrrp.wire.VrrpPacket;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The receive path of a BACKUP hearing its master allocates nothing per advert in steady state: validation, the
 * intake's counters and event, the state machine moving its master-down timer, and the loop's timers (the
 * {@link LoopActionSink} the VRRP loop gives the state machine: timers armed directly, other actions queued). Measured with the loop
 * thread's allocated-bytes counter ({@code com.sun.management.ThreadMXBean}) after a warm-up.
 */
class ReceivePathAllocationTest {

    private static final InetAddress MASTER = AdvertSourceRuleTest.ip("198.18.0.1");
    private static final InetAddress SELF = AdvertSourceRuleTest.ip("198.18.0.2");
    private static final InetAddress GROUP = AdvertSourceRuleTest.ip("224.0.0.18");
    private static final InetAddress VIP = AdvertSourceRuleTest.ip("198.18.0.100");
    private static final int WARM_UP = 50_000;
    private static final int ADVERTS = 200_000;

    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    private final IoEventLoop loop = (IoEventLoop) group.next();
    private final Arena arena = Arena.ofShared();

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        arena.close();
    }

    @Test
    void aBackupHearingItsMasterAllocatesNothingPerAdvert() throws Exception {
        AdvertProfile profile = AdvertProfile.multicast(51, 3, IpFamily.IPV4, 100, List.of(VIP));
        MemorySegment datagram = advert(profile, 200);
        long[] result = loop.submit(() -> {
            InstanceTimers timers = new InstanceTimers(loop, (instance, kind) -> { });
            try {
                List<VrrpAction> queued = new java.util.ArrayList<>();
                LoopActionSink sink = new LoopActionSink(timers, queued);
                VrrpInstance backup = new VrrpInstance(InstanceSpec.of("VI_1", 51, 3, 100, 100, SELF, List.of(VIP)));
                backup.onEvent(System.nanoTime(), new Startup(), sink);
                InstanceStats stats = new InstanceStats(100);
                AdvertIntake intake = new AdvertIntake(Map.of("VI_1", stats), () -> true,
                        (now, name, event) -> backup.onEvent(now, event, sink), (receiver, p) -> "VI_1");
                AdvertReceiver.Sink receiverSink = intake.sink(null);
                AdvertValidator validator = new AdvertValidator(IpFamily.IPV4, List.of(profile));
                int length = (int) datagram.byteSize();
                for (int i = 0; i < WARM_UP; i++) {
                    receive(validator, datagram, length, receiverSink);
                }
                queued.clear(); // the VRRP loop clears it after every step
                long dueBefore = timers.deadline("VI_1", TimerKind.MASTER_DOWN);
                com.sun.management.ThreadMXBean threads =
                        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < ADVERTS; i++) {
                    receive(validator, datagram, length, receiverSink);
                }
                long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                return new long[] {allocated, stats.get(VrrpCounter.ADVERT_RCVD), queued.size(),
                        backup.state() == VrrpState.BACKUP ? 1 : 0,
                        timers.deadline("VI_1", TimerKind.MASTER_DOWN) - dueBefore};
            } finally {
                timers.close();
            }
        }).get();
        assertEquals(WARM_UP + ADVERTS, result[1], "every advert was counted");
        assertEquals(1, result[3], "the instance stays BACKUP");
        assertTrue(result[4] > 0, "each advert moved the master-down timer later");
        assertEquals(0, result[2], "a BACKUP hearing its master has nothing to do but move a timer");
        double perAdvert = (double) result[0] / ADVERTS;
        System.out.printf("VRRP receive path: %d bytes over %d adverts = %.4f bytes per advert%n", result[0], ADVERTS,
                perAdvert);
        assertTrue(perAdvert < 0.05, "allocated " + result[0] + " bytes over " + ADVERTS + " adverts");
    }

    private static void receive(AdvertValidator validator, MemorySegment datagram, int length,
                                AdvertReceiver.Sink sink) {
        VrrpCheck check = validator.checkIpv4(datagram, 0, length);
        if (check.accepted()) {
            sink.accepted(validator);
        } else {
            sink.rejected(check, validator.profile(), validator);
        }
    }

    /** An IPv4 datagram (header, TTL 255) from {@link #MASTER} to the group, in native memory. */
    private MemorySegment advert(AdvertProfile profile, int priority) {
        int length = Ipv4Header.MIN_LENGTH + profile.messageLength();
        MemorySegment seg = arena.allocate(length);
        int src = AddressWords.ipv4(MASTER);
        int dst = AddressWords.ipv4(GROUP);
        new Ipv4Header().wrap(seg, 0, length).write(0xc0, length, 0, 0, VrrpPacket.TTL, VrrpPacket.IP_PROTOCOL, src, dst);
        new AdvertEncoder(profile).encodeIpv4(seg, Ipv4Header.MIN_LENGTH, priority, src, dst);
        return seg;
    }
}
