package io.vigil.dataplane.forward;

import static io.vigil.dataplane.forward.ConnectionTableTest.CLIENT;
import static io.vigil.dataplane.forward.ConnectionTableTest.CPORT;
import static io.vigil.dataplane.forward.ConnectionTableTest.SECOND;
import static io.vigil.dataplane.forward.ConnectionTableTest.T0;
import static io.vigil.dataplane.forward.ConnectionTableTest.TCP;
import static io.vigil.dataplane.forward.ConnectionTableTest.V4;
import static io.vigil.dataplane.forward.ConnectionTableTest.VIP;
import static io.vigil.dataplane.forward.ConnectionTableTest.VPORT;
import static io.vigil.dataplane.forward.TcpConnectionState.FLAG_ACK;
import static io.vigil.dataplane.forward.TcpConnectionState.FLAG_RST;
import static io.vigil.dataplane.forward.TcpConnectionState.FLAG_SYN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.api.ForwardingMethod;
import io.vigil.dataplane.api.RealServer;
import io.vigil.dataplane.api.Timeouts;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Persistence templates (ip_vs_sched_persist): keyed on (service, masked client), held by their connections. */
class PersistenceTemplateTest {

    static final long NETWORK = AddressWords.v4Low(0xC612_0000); // 198.18.0.0, the client masked to /24
    static final int SERVICE = 7;

    final DestinationRegistry registry = new DestinationRegistry();
    final Destination real = new Destination(registry.nextId(), RealServer.of(
            new InetSocketAddress("198.18.1.10", 80), 1, ForwardingMethod.DR));
    final ConnectionTable table = new ConnectionTable(16, Timeouts.IPVS_DEFAULTS, registry);

    {
        registry.add(real);
    }

    int connect(int clientPort, long now) {
        int slot = table.open(TCP, V4, CLIENT, clientPort, V4, VIP, VPORT, real, SERVICE, FLAG_SYN, now);
        table.update(slot, true, FLAG_ACK, now);
        return slot;
    }

    /** An established connection scheduled through {@code template}. */
    int connectThrough(int template, int clientPort, long now) {
        int slot = connect(clientPort, now);
        table.addControl(slot, template, now);
        return slot;
    }

    @Test
    void isFoundByServiceAndMaskedClientOnly() {
        int template = table.openTemplate(SERVICE, V4, NETWORK, real, 300, T0);
        assertTrue(template >= 0);
        assertEquals(template, table.findTemplate(SERVICE, V4, NETWORK));
        assertEquals(-1, table.findTemplate(SERVICE + 1, V4, NETWORK));
        assertEquals(-1, table.findTemplate(SERVICE, V4, NETWORK + 1));
        assertEquals(-1, table.findInbound(TCP, V4, NETWORK, 0, V4, VIP, VPORT), "templates are not connections");
        assertEquals(1, real.persistentConnections());
        assertEquals(real.id(), table.destinationId(template));
        assertTrue(table.isTemplate(template));
    }

    @Test
    void withoutConnectionsExpiresItsTimeoutAfterItWasLastUsed() {
        int template = table.openTemplate(SERVICE, V4, NETWORK, real, 300, T0);
        table.touchTemplate(template, T0 + 200 * SECOND);
        assertExpiresExactlyAt(template, T0 + 500 * SECOND);
    }

    /** Still there (and counted) one nanosecond before {@code due}, gone at {@code due}. */
    void assertExpiresExactlyAt(int template, long due) {
        assertEquals(0, table.expire(due - 1));
        assertEquals(template, table.findTemplate(SERVICE, V4, NETWORK), "just before");
        assertEquals(1, real.persistentConnections());
        assertEquals(1, table.expire(due));
        assertEquals(-1, table.findTemplate(SERVICE, V4, NETWORK), "at its deadline");
        assertEquals(0, real.persistentConnections());
    }

    @Test
    void persistsAcrossConnectionsAndGoesOnlyItsTimeoutAfterTheLastOneEnds() {
        int template = table.openTemplate(SERVICE, V4, NETWORK, real, 300, T0);
        int first = connectThrough(template, CPORT, T0);
        int second = connectThrough(template, CPORT + 1, T0 + 100 * SECOND);
        assertEquals(2, table.controlledConnections(template));
        // the connections outlive the template's own timeout: it is held
        for (long t = T0 + 200 * SECOND; t <= T0 + 1000 * SECOND; t += 200 * SECOND) {
            table.update(first, true, FLAG_ACK, t);
            table.update(second, true, FLAG_ACK, t);
            assertEquals(0, table.expire(t));
        }
        assertEquals(template, table.findTemplate(SERVICE, V4, NETWORK));
        long end = T0 + 1000 * SECOND;
        table.update(first, true, FLAG_RST, end);   // CLOSE: 10 s
        table.update(second, true, FLAG_RST, end + 5 * SECOND);
        assertEquals(1, table.expire(end + 10 * SECOND));
        assertEquals(1, table.controlledConnections(template));
        assertEquals(1, table.expire(end + 15 * SECOND), "the second connection");
        assertExpiresExactlyAt(template, end + 15 * SECOND + 300 * SECOND); // its timeout past the last end
        assertEquals(0, table.size());
    }

    @Test
    void aRemovedTemplateIsNotFoundButWaitsForItsConnections() {
        int template = table.openTemplate(SERVICE, V4, NETWORK, real, 300, T0);
        int conn = connectThrough(template, CPORT, T0);
        table.remove(template, T0 + SECOND);
        assertEquals(-1, table.findTemplate(SERVICE, V4, NETWORK));
        assertEquals(2, table.size());
        int again = table.openTemplate(SERVICE, V4, NETWORK, real, 300, T0 + SECOND);
        assertEquals(again, table.findTemplate(SERVICE, V4, NETWORK), "a new template takes the key");
        table.update(conn, true, FLAG_RST, T0 + 2 * SECOND);
        assertEquals(2, table.expire(T0 + 12 * SECOND), "the connection, then at once its removed template");
        assertEquals(again, table.findTemplate(SERVICE, V4, NETWORK));
        assertEquals(1, real.persistentConnections());
    }
}
