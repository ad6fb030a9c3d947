package io.vigil.vrrp.io;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultEventLoop;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link GarpPacer} on a real loop with a recording VIP owner: pacing, back-to-back bursts, cancel, takeover time. */
class GarpPacerTest {

    private static final InetAddress VIP = AdvertSourceRuleTest.ip("198.18.0.100");
    private static final InetAddress VIP2 = AdvertSourceRuleTest.ip("198.18.0.101");

    /** Each announce call with the time it was made. */
    private record Call(long atNanos, List<InetAddress> addresses, int repeat) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final VipOwner owner = new VipOwner() {
        @Override
        public void add(List<Vip> vips) {
        }

        @Override
        public void remove(List<Vip> vips) {
        }

        @Override
        public void announce(String device, List<InetAddress> addresses, int repeat) {
            calls.add(new Call(System.nanoTime(), List.copyOf(addresses), repeat));
        }

        @Override
        public void close() {
        }
    };
    private final DefaultEventLoop loop = new DefaultEventLoop();
    private final GarpPacer pacer = new GarpPacer(loop, owner);
    private final InstanceStats stats = new InstanceStats(100);

    @AfterEach
    void stop() {
        loop.shutdownGracefully();
    }

    private void onLoop(Runnable r) throws Exception {
        loop.submit(r).get();
    }

    @Test
    void roundsAreSpacedByTheInterval() throws Exception {
        long interval = Duration.ofMillis(40).toNanos();
        onLoop(() -> pacer.announce("VI_1", "eth0", List.of(VIP, VIP2), 4, interval, stats));
        assertEquals(1, calls.size(), "the first round goes out at once, inside announce");
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.size() == 4);
        for (int i = 0; i < calls.size(); i++) {
            assertEquals(new Call(calls.get(i).atNanos(), List.of(VIP, VIP2), 1), calls.get(i), "one message per VIP per round");
            if (i > 0) {
                assertTrue(calls.get(i).atNanos() - calls.get(0).atNanos() >= i * interval,
                        "round " + i + " came " + (calls.get(i).atNanos() - calls.get(0).atNanos()) + " ns after the first");
            }
        }
    }

    @Test
    void noIntervalMeansOneBackToBackBurst() throws Exception {
        onLoop(() -> pacer.announce("VI_1", "eth0", List.of(VIP), 5, 0, stats));
        assertEquals(List.of(new Call(calls.getFirst().atNanos(), List.of(VIP), 5)), calls);
    }

    @Test
    void cancelDropsTheRoundsNotSentYet() throws Exception {
        onLoop(() -> pacer.announce("VI_1", "eth0", List.of(VIP), 5, Duration.ofMillis(200).toNanos(), stats));
        onLoop(() -> pacer.cancel("VI_1"));
        Thread.sleep(1_200);
        assertEquals(1, calls.size(), "only the first round: " + calls);
    }

    @Test
    void theFirstRoundEndsATakeoverBeingTimed() throws Exception {
        AtomicLong recorded = new AtomicLong(-1);
        stats.onTakeover(recorded::set);
        onLoop(() -> pacer.announce("VI_1", "eth0", List.of(VIP), 1, 0, stats));
        assertEquals(-1, recorded.get(), "no takeover was being timed");
        long fired = System.nanoTime();
        onLoop(() -> {
            stats.trace().masterDownFired(fired, fired);
            pacer.announce("VI_1", "eth0", List.of(VIP), 1, 0, stats);
        });
        assertTrue(recorded.get() >= 0 && recorded.get() <= System.nanoTime() - fired, "recorded " + recorded.get());
    }
}
