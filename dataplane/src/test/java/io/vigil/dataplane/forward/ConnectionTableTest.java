package io.vigil.dataplane.forward;

import static io.vigil.dataplane.forward.TcpConnectionState.FLAG_ACK;
import static io.vigil.dataplane.forward.TcpConnectionState.FLAG_FIN;
import static io.vigil.dataplane.forward.TcpConnectionState.FLAG_RST;
import static io.vigil.dataplane.forward.TcpConnectionState.FLAG_SYN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.api.ConnectionEntry;
import io.vigil.dataplane.api.ForwardingMethod;
import io.vigil.dataplane.api.Protocol;
import io.vigil.dataplane.api.RealServer;
import io.vigil.dataplane.api.ServiceKey;
import io.vigil.dataplane.api.Timeouts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The connection table on a virtual clock: keys, IPVS's TCP states and counts, expiry, templates. */
class ConnectionTableTest {

    static final long SECOND = 1_000_000_000L;
    /** An arbitrary origin far from 0, as System.nanoTime() would give. */
    static final long T0 = 7_345_000_000_000L;
    static final int TCP = 6;
    static final int UDP = 17;
    static final long V4 = AddressWords.V4_HIGH;
    static final long CLIENT = AddressWords.v4Low(0xC612_0001);     // 198.18.0.1
    static final long VIP = AddressWords.v4Low(0xC612_0064);        // 198.18.0.100
    static final int CPORT = 40_000;
    static final int VPORT = 80;

    final DestinationRegistry registry = new DestinationRegistry();
    final Destination nat = destination("198.18.1.10", 8080, ForwardingMethod.NAT);
    final Destination dr = destination("198.18.1.11", 80, ForwardingMethod.DR);
    final ConnectionTable table = new ConnectionTable(64, Timeouts.IPVS_DEFAULTS, registry);

    Destination destination(String address, int port, ForwardingMethod method) {
        Destination d = new Destination(registry.nextId(), RealServer.of(new InetSocketAddress(address, port), 1,
                method));
        registry.add(d);
        return d;
    }

    int openTcp(Destination d, int clientPort, int flags, long now) {
        return table.open(TCP, V4, CLIENT, clientPort, V4, VIP, VPORT, d, 1, flags, now);
    }

    int findIn(int clientPort) {
        return table.findInbound(TCP, V4, CLIENT, clientPort, V4, VIP, VPORT);
    }

    static void assertCounts(Destination d, int active, int inactive) {
        assertEquals(active, d.activeConnections(), "ActiveConn");
        assertEquals(inactive, d.inactiveConnections(), "InActConn");
    }

    @Test
    void findsAConnectionByItsInboundAndItsReverseKey() {
        int slot = openTcp(nat, CPORT, FLAG_SYN, T0);
        assertTrue(slot >= 0);
        assertEquals(slot, findIn(CPORT));
        assertEquals(slot, table.findOutbound(TCP, V4, nat.addressLow(), 8080, V4, CLIENT, CPORT));
        assertEquals(-1, findIn(CPORT + 1));
        assertEquals(-1, table.findInbound(UDP, V4, CLIENT, CPORT, V4, VIP, VPORT), "protocol is part of the key");
        assertEquals(-1, table.findOutbound(TCP, V4, nat.addressLow(), 8081, V4, CLIENT, CPORT));
        assertEquals(nat.id(), table.destinationId(slot));
        assertEquals(1, table.serviceId(slot));
        assertEquals(nat.addressLow(), table.destinationLow(slot));
        assertEquals(8080, table.destinationPort(slot));
        assertEquals(VIP, table.virtualLow(slot));
        assertEquals(VPORT, table.virtualPort(slot));
        assertEquals(ForwardingMethod.NAT, table.method(slot));
        assertEquals(1, table.size());
    }

    @Test
    void ipv6AndIpv4ShareOneLayout() throws Exception {
        InetAddress v6Client = InetAddress.getByName("fd00::1");
        InetAddress v6Vip = InetAddress.getByName("fd00::100");
        long ch = AddressWords.high(v6Client);
        long cl = AddressWords.low(v6Client);
        long vh = AddressWords.high(v6Vip);
        long vl = AddressWords.low(v6Vip);
        int v6 = table.open(TCP, ch, cl, CPORT, vh, vl, VPORT, nat, 2, FLAG_SYN, T0);
        int v4 = openTcp(nat, CPORT, FLAG_SYN, T0);
        assertNotEquals(v6, v4);
        assertEquals(v6, table.findInbound(TCP, ch, cl, CPORT, vh, vl, VPORT));
        assertEquals(v4, findIn(CPORT));
        assertEquals(-1, table.findInbound(TCP, ch + 1, cl, CPORT, vh, vl, VPORT), "the high word counts");
    }

    @Test
    void natHandshakeIsEstablishedAndActive() {
        int slot = openTcp(nat, CPORT, FLAG_SYN, T0);
        assertEquals(TcpConnectionState.SYN_RECV, table.state(slot));
        assertCounts(nat, 0, 1);
        table.update(slot, false, FLAG_SYN | FLAG_ACK, T0 + 1_000);
        assertEquals(TcpConnectionState.SYN_RECV, table.state(slot));
        table.update(slot, true, FLAG_ACK, T0 + 2_000);
        assertEquals(TcpConnectionState.ESTABLISHED, table.state(slot));
        assertCounts(nat, 1, 0);
    }

    @Test
    void finSequenceEndsInTimeWaitAndExpiresAfterItsTimeout() {
        int slot = openTcp(nat, CPORT, FLAG_SYN, T0);
        table.update(slot, false, FLAG_SYN | FLAG_ACK, T0);
        table.update(slot, true, FLAG_ACK, T0);
        long t = T0 + 5 * SECOND;
        table.update(slot, true, FLAG_FIN | FLAG_ACK, t);
        assertEquals(TcpConnectionState.CLOSE_WAIT, table.state(slot));
        assertCounts(nat, 0, 1);
        table.update(slot, false, FLAG_FIN | FLAG_ACK, t);
        table.update(slot, true, FLAG_ACK, t);
        assertEquals(TcpConnectionState.TIME_WAIT, table.state(slot));
        assertEquals(0, table.expire(t + 120 * SECOND - 1));
        assertEquals(slot, findIn(CPORT));
        assertEquals(1, table.expire(t + 120 * SECOND));
        assertEquals(-1, findIn(CPORT));
        assertCounts(nat, 0, 0);
        assertEquals(0, table.size());
    }

    @Test
    void directRoutingSeesOnlyTheInboundSideAndStillEstablishes() {
        int slot = openTcp(dr, CPORT, FLAG_SYN, T0);
        assertEquals(TcpConnectionState.SYN_RECV, table.state(slot));
        table.update(slot, true, FLAG_ACK, T0 + 1);
        assertEquals(TcpConnectionState.ESTABLISHED, table.state(slot));
        assertCounts(dr, 1, 0);
        table.update(slot, true, FLAG_FIN | FLAG_ACK, T0 + 2);
        assertEquals(TcpConnectionState.FIN_WAIT, table.state(slot), "INPUT_ONLY: FIN is FIN_WAIT");
        assertCounts(dr, 0, 1);
    }

    @Test
    void aReplyFromADirectRoutingDestinationSwitchesToTheTwoSidedTable() {
        int slot = openTcp(dr, CPORT, FLAG_SYN, T0);
        table.update(slot, true, FLAG_ACK, T0);
        table.update(slot, false, FLAG_ACK, T0);
        table.update(slot, true, FLAG_FIN | FLAG_ACK, T0);
        assertEquals(TcpConnectionState.CLOSE_WAIT, table.state(slot), "NOOUTPUT cleared by the reply");
    }

    static Stream<Arguments> statesAndTimeouts() {
        return Stream.of(
                Arguments.of("SYN_RECV", TCP, new int[] {FLAG_SYN}, new boolean[] {true}, 60),
                Arguments.of("ESTABLISHED", TCP, new int[] {FLAG_SYN, FLAG_ACK}, new boolean[] {true, true}, 900),
                Arguments.of("CLOSE", TCP, new int[] {FLAG_RST}, new boolean[] {true}, 10),
                Arguments.of("CLOSE_WAIT", TCP, new int[] {FLAG_ACK, FLAG_FIN}, new boolean[] {true, true}, 60),
                Arguments.of("FIN_WAIT", TCP, new int[] {FLAG_ACK, FLAG_FIN}, new boolean[] {true, false}, 120),
                Arguments.of("TIME_WAIT", TCP, new int[] {FLAG_ACK, FLAG_FIN, FLAG_FIN},
                        new boolean[] {true, false, true}, 120),
                Arguments.of("SYN_SENT", TCP, new int[] {FLAG_RST, FLAG_SYN}, new boolean[] {true, false}, 120),
                Arguments.of("UDP", UDP, new int[] {0}, new boolean[] {true}, 300));
    }

    @ParameterizedTest(name = "{0} lives {4} s")
    @MethodSource("statesAndTimeouts")
    void expiresExactlyAtTheTimeoutOfItsState(String state, int protocol, int[] flags, boolean[] inbound,
                                               int seconds) {
        int slot = table.open(protocol, V4, CLIENT, CPORT, V4, VIP, VPORT, nat, 1, flags[0], T0);
        long last = T0;
        for (int i = 1; i < flags.length; i++) {
            last = T0 + i * SECOND;
            table.update(slot, inbound[i], flags[i], last);
        }
        List<ConnectionEntry> listed = table.snapshot(last, id -> null);
        assertEquals(state, listed.getFirst().state());
        assertEquals(seconds * 1000L, listed.getFirst().expiresMillis());
        long due = last + seconds * SECOND;
        assertEquals(0, table.expire(due - 1));
        assertEquals(slot, table.findInbound(protocol, V4, CLIENT, CPORT, V4, VIP, VPORT), "just before");
        assertEquals(1, table.expire(due + 1));
        assertEquals(-1, table.findInbound(protocol, V4, CLIENT, CPORT, V4, VIP, VPORT), "just after");
        assertCounts(nat, 0, 0);
        assertEquals(1, nat.traffic().snapshot().connections(), "one connection was counted");
    }

    @Test
    void everyPacketPushesTheDeadlineBack() {
        int slot = table.open(UDP, V4, CLIENT, CPORT, V4, VIP, VPORT, nat, 1, 0, T0);
        for (int i = 1; i <= 10; i++) {
            table.update(slot, true, 0, T0 + i * 200 * SECOND);
            assertEquals(0, table.expire(T0 + i * 200 * SECOND));
        }
        long last = T0 + 2000 * SECOND;
        assertEquals(0, table.expire(last + 300 * SECOND - 1));
        assertEquals(1, table.expire(last + 300 * SECOND));
    }

    @Test
    void lvsTimeoutsApplyFromEachConnectionsNextPacket() {
        int tcp = openTcp(nat, CPORT, FLAG_ACK, T0);
        int udp = table.open(UDP, V4, CLIENT, CPORT, V4, VIP, VPORT, nat, 1, 0, T0);
        int fin = openTcp(nat, CPORT + 1, FLAG_ACK, T0);
        table.setTimeouts(new Timeouts(60, 30, 10));
        long t = T0 + 5 * SECOND;
        table.update(tcp, true, FLAG_ACK, t);
        table.update(udp, true, 0, t);
        table.update(fin, false, FLAG_FIN, t);
        assertEquals(TcpConnectionState.FIN_WAIT, table.state(fin));
        assertEquals(0, table.expire(t + 10 * SECOND - 1));
        assertEquals(1, table.expire(t + 10 * SECOND), "UDP 10 s");
        assertEquals(0, table.expire(t + 30 * SECOND - 1));
        assertEquals(1, table.expire(t + 30 * SECOND), "tcpfin 30 s");
        assertEquals(0, table.expire(t + 60 * SECOND - 1));
        assertEquals(1, table.expire(t + 60 * SECOND), "tcp 60 s");
        assertEquals(0, table.size());
    }

    @Test
    void aFullTableRefusesNewEntriesAndKeepsTheOldOnes() {
        ConnectionTable small = new ConnectionTable(4, Timeouts.IPVS_DEFAULTS, registry);
        for (int i = 0; i < 4; i++) {
            assertTrue(small.open(TCP, V4, CLIENT, CPORT + i, V4, VIP, VPORT, nat, 1, FLAG_SYN, T0) >= 0);
        }
        assertEquals(-1, small.open(TCP, V4, CLIENT, CPORT + 9, V4, VIP, VPORT, nat, 1, FLAG_SYN, T0));
        assertEquals(-1, small.openTemplate(1, V4, CLIENT, nat, 300, T0));
        assertEquals(4, small.size());
        assertCounts(nat, 0, 4);
        for (int i = 0; i < 4; i++) {
            assertTrue(small.findInbound(TCP, V4, CLIENT, CPORT + i, V4, VIP, VPORT) >= 0);
        }
        assertEquals(4, small.expire(T0 + 60 * SECOND));
        assertTrue(small.open(TCP, V4, CLIENT, CPORT + 9, V4, VIP, VPORT, nat, 1, FLAG_SYN, T0) >= 0,
                "slots come back when entries expire");
    }

    @Test
    void removingAServiceDropsItsEntriesOnly() {
        int kept = table.open(TCP, V4, CLIENT, CPORT, V4, VIP, 443, nat, 2, FLAG_SYN, T0);
        openTcp(nat, CPORT, FLAG_SYN, T0);
        openTcp(nat, CPORT + 1, FLAG_ACK, T0);
        int template = table.openTemplate(1, V4, CLIENT, nat, 300, T0);
        table.addControl(findIn(CPORT), template, T0);
        assertCounts(nat, 1, 2);
        table.removeService(1);
        assertEquals(1, table.size());
        assertEquals(kept, table.findInbound(TCP, V4, CLIENT, CPORT, V4, VIP, 443));
        assertEquals(-1, findIn(CPORT));
        assertEquals(-1, table.findTemplate(1, V4, CLIENT));
        assertCounts(nat, 0, 1);
        assertEquals(0, nat.persistentConnections());
    }

    @Test
    void aGoneDestinationLosesOnlyItsAccounting() {
        int slot = openTcp(nat, CPORT, FLAG_SYN, T0);
        registry.remove(nat.id());
        table.update(slot, true, FLAG_ACK, T0 + 1);
        assertEquals(TcpConnectionState.ESTABLISHED, table.state(slot));
        assertEquals(1, table.expire(T0 + 1 + 900 * SECOND));
        assertCounts(nat, 0, 1);
    }

    @Test
    void snapshotListsConnectionsAndTemplatesAsIpvsadmDoes() throws Exception {
        int conn = openTcp(dr, CPORT, FLAG_SYN, T0);
        int template = table.openTemplate(1, V4, CLIENT, dr, 360, T0);
        table.addControl(conn, template, T0);
        ServiceKey service = ServiceKey.of(Protocol.TCP, InetAddress.getByName("198.18.0.100"), 0);
        List<ConnectionEntry> entries = table.snapshot(T0 + SECOND, id -> id == 1 ? service : null);
        InetAddress client = InetAddress.getByName("198.18.0.1");
        InetSocketAddress real = new InetSocketAddress("198.18.1.11", 80);
        assertTrue(entries.contains(new ConnectionEntry(Protocol.TCP, new InetSocketAddress(client, CPORT),
                new InetSocketAddress("198.18.0.100", VPORT), real, "SYN_RECV", 59_000, ForwardingMethod.DR, false)),
                entries.toString());
        assertTrue(entries.contains(new ConnectionEntry(Protocol.TCP, new InetSocketAddress(client, 0),
                new InetSocketAddress("198.18.0.100", 0), real, "NONE", 359_000, ForwardingMethod.DR, true)),
                entries.toString());
        assertEquals(2, entries.size());
    }

    @Test
    void aBurstOfEqualDeadlinesNeverExpiresEarlyAndAllGoSoonAfter() {
        ConnectionTable big = new ConnectionTable(1000, Timeouts.IPVS_DEFAULTS, registry);
        for (int i = 0; i < 1000; i++) {
            assertTrue(big.open(UDP, V4, CLIENT + i, CPORT, V4, VIP, VPORT, nat, 1, 0, T0) >= 0);
        }
        long due = T0 + 300 * SECOND;
        for (long t = T0; t < due; t += 7 * SECOND) {
            assertEquals(0, big.expire(t));
        }
        assertEquals(0, big.expire(due - 1));
        assertEquals(1000, big.size());
        // 64 timers a tick (~1 ms): the ticks before the deadline fill, the rest are due up to 16 ticks late
        assertEquals(1000, big.expire(due + 20 * ExpiryTimers.TICK_NANOS));
        assertEquals(0, big.size());
        assertCounts(nat, 0, 0);
    }
}
