package io.vigil.dataplane.forward;

import static io.vigil.dataplane.forward.ConnectionTableTest.CLIENT;
import static io.vigil.dataplane.forward.ConnectionTableTest.SECOND;
import static io.vigil.dataplane.forward.ConnectionTableTest.T0;
import static io.vigil.dataplane.forward.ConnectionTableTest.TCP;
import static io.vigil.dataplane.forward.ConnectionTableTest.UDP;
import static io.vigil.dataplane.forward.ConnectionTableTest.V4;
import static io.vigil.dataplane.forward.ConnectionTableTest.VIP;
import static io.vigil.dataplane.forward.ConnectionTableTest.VPORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.api.ForwardingMethod;
import io.vigil.dataplane.api.RealServer;
import io.vigil.dataplane.api.Timeouts;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Random open / packet / expire sequences against a HashMap model: every lookup, the size and the destination's
 * counts agree after every step, however many deletions came before (backward-shift deletion keeps probes short
 * and correct). And the per-packet methods allocate nothing.
 */
class ConnectionTableChurnTest {

    static final int CAPACITY = 40;
    static final int KEYS = 120;
    static final long TIMEOUT = 5 * SECOND;

    /** One step: 0 opens a flow, 1 sends a packet on it, 2 lets time pass and expires. */
    record Step(int kind, int key, long elapsedNanos) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, KEYS - 1),
                Arbitraries.longs().between(0, 3 * SECOND)).as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(300);
    }

    @Property(tries = 300)
    void agreesWithAHashMapThroughOpensAndExpiries(@ForAll("steps") List<Step> steps) {
        DestinationRegistry registry = new DestinationRegistry();
        Destination real = new Destination(registry.nextId(), RealServer.of(
                new InetSocketAddress("198.18.1.10", 80), 1, ForwardingMethod.NAT));
        registry.add(real);
        ConnectionTable table = new ConnectionTable(CAPACITY, new Timeouts(900, 120, 5), registry);
        Map<Integer, Long> model = new HashMap<>();
        long now = T0;
        for (Step step : steps) {
            int slot = find(table, step.key());
            switch (step.kind()) {
                case 0 -> {
                    if (slot >= 0) {
                        continue;
                    }
                    int opened = table.open(UDP, V4, CLIENT + step.key(), 1000 + step.key(), V4, VIP, VPORT, real, 1,
                            0, now);
                    if (model.size() == CAPACITY) {
                        assertEquals(-1, opened, "full");
                    } else {
                        assertTrue(opened >= 0);
                        model.put(step.key(), now + TIMEOUT);
                    }
                }
                case 1 -> {
                    if (slot >= 0) {
                        table.update(slot, true, 0, now);
                        model.put(step.key(), now + TIMEOUT);
                    }
                }
                default -> {
                    now += step.elapsedNanos();
                    long at = now;
                    int before = model.size();
                    model.values().removeIf(due -> due <= at);
                    assertEquals(before - model.size(), table.expire(now), "expired at " + (now - T0));
                }
            }
            assertEquals(model.size(), table.size());
            assertEquals(model.size(), real.inactiveConnections());
            for (int key = 0; key < KEYS; key++) {
                int found = find(table, key);
                assertEquals(model.containsKey(key), found >= 0, "key " + key);
                if (found >= 0) {
                    assertEquals(found, table.findOutbound(UDP, V4, real.addressLow(), 80, V4, CLIENT + key,
                            1000 + key), "reverse key " + key);
                }
            }
        }
    }

    private static int find(ConnectionTable table, int key) {
        return table.findInbound(UDP, V4, CLIENT + key, 1000 + key, V4, VIP, VPORT);
    }

    @Test
    void perPacketMethodsAllocateNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        DestinationRegistry registry = new DestinationRegistry();
        Destination real = new Destination(registry.nextId(), RealServer.of(
                new InetSocketAddress("198.18.1.10", 80), 1, ForwardingMethod.NAT));
        registry.add(real);
        ConnectionTable table = new ConnectionTable(4096, Timeouts.IPVS_DEFAULTS, registry);
        long[] now = {T0};
        Runnable round = () -> {
            for (int i = 0; i < 4096; i++) {
                int slot = table.findInbound(TCP, V4, CLIENT + i, 1000, V4, VIP, VPORT);
                if (slot < 0) {
                    slot = table.open(TCP, V4, CLIENT + i, 1000, V4, VIP, VPORT, real, 1, 0x02, now[0]);
                }
                table.update(slot, false, 0x12, now[0]);
                table.findOutbound(TCP, V4, real.addressLow(), 80, V4, CLIENT + i, 1000);
                table.update(slot, true, i % 7 == 0 ? 0x04 : 0x10, now[0]);
                now[0] += 3_000_000L;
                table.expire(now[0]);
            }
        };
        for (int i = 0; i < 20; i++) {
            round.run();
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        round.run();
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(0, allocated, "bytes allocated by 4096 flows' worth of find/open/update/expire");
    }
}
