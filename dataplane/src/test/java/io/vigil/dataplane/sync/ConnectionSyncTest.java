package io.vigil.dataplane.sync;

import static io.vigil.dataplane.forward.TcpConnectionState.FLAG_ACK;
import static io.vigil.dataplane.forward.TcpConnectionState.FLAG_FIN;
import static io.vigil.dataplane.forward.TcpConnectionState.FLAG_SYN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.api.ForwardingMethod;
import io.vigil.dataplane.api.Protocol;
import io.vigil.dataplane.api.RealServer;
import io.vigil.dataplane.api.Scheduler;
import io.vigil.dataplane.api.Service;
import io.vigil.dataplane.api.ServiceKey;
import io.vigil.dataplane.api.SyncDropReason;
import io.vigil.dataplane.api.Timeouts;
import io.vigil.dataplane.forward.AddressWords;
import io.vigil.dataplane.forward.ConnectionTable;
import io.vigil.dataplane.forward.Destination;
import io.vigil.dataplane.forward.DestinationRegistry;
import io.vigil.dataplane.forward.ServiceEntry;
import io.vigil.dataplane.forward.TcpConnectionState;
import io.vigil.dataplane.forward.schedule.Schedulers;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The master's policy (IPVS's sync_threshold 3 50, state changes, refresh period), the queue, the writer, the
 * decoder and the backup's installer, end to end in memory on a virtual clock.
 */
class ConnectionSyncTest {

    static final long SECOND = 1_000_000_000L;
    static final long T0 = 5_000 * SECOND;
    static final int TCP = 6;
    static final long CLIENT = AddressWords.low(address("198.18.2.1"));
    static final long VIP = AddressWords.low(address("198.18.0.10"));

    final SyncCounters counters = new SyncCounters();
    final SyncQueue queue = new SyncQueue(64);
    final Director master = new Director();
    final ConnectionSync policy = new ConnectionSync(master.table, id -> master.service, queue, counters);

    /** One table with one DR service and one real server. */
    static final class Director {
        final DestinationRegistry registry = new DestinationRegistry();
        final ConnectionTable table = new ConnectionTable(64, Timeouts.IPVS_DEFAULTS, registry);
        final ServiceEntry service;
        final Destination dr;

        Director() {
            Service s = Service.of(ServiceKey.of(Protocol.TCP, address("198.18.0.10"), 80), Scheduler.RR);
            service = new ServiceEntry(1, s, Schedulers.create(s));
            dr = new Destination(registry.nextId(), RealServer.of(new InetSocketAddress("198.18.1.9", 80), 1,
                    ForwardingMethod.DR));
            registry.add(dr);
            service.addDestination(dr);
        }
    }

    ConnectionSyncTest() {
        master.table.observer(policy);
        policy.master(true);
    }

    List<SyncRecord> drained() {
        List<SyncRecord> out = new ArrayList<>();
        queue.drain(r -> out.add(new SyncRecord().copyFrom(r)), 1000);
        return out;
    }

    @Test
    void syncsAtTheThresholdPacketThenEveryPeriodAndOnClosingStates() {
        int slot = master.table.open(TCP, 0, CLIENT, 40000, 0, VIP, 80, master.dr, 1, FLAG_SYN, T0);
        master.table.update(slot, true, FLAG_ACK, T0 + 1);
        assertTrue(drained().isEmpty(), "2 packets: below sync_threshold 3");
        master.table.update(slot, true, FLAG_ACK, T0 + 2);
        List<SyncRecord> third = drained();
        assertEquals(1, third.size(), "packet 3 of an ESTABLISHED connection is synced");
        SyncRecord r = third.getFirst();
        assertEquals(TcpConnectionState.ESTABLISHED, r.state);
        assertEquals(SyncProtocol.FLAG_DROUTE | SyncProtocol.FLAG_NOOUTPUT, r.flags);
        assertEquals(900, r.timeoutSeconds);
        assertEquals(40000, r.clientPort);
        assertEquals(AddressWords.low(address("198.18.1.9")), r.destinationLow);
        for (int p = 4; p <= 52; p++) {
            master.table.update(slot, true, FLAG_ACK, T0 + p);
        }
        assertTrue(drained().isEmpty(), "packets 4..52 are not synced");
        master.table.update(slot, true, FLAG_ACK, T0 + 53);
        assertEquals(1, drained().size(), "53 % 50 == 3");
        master.table.update(slot, true, FLAG_FIN | FLAG_ACK, T0 + 54);
        List<SyncRecord> fin = drained();
        assertEquals(1, fin.size(), "a change into FIN_WAIT is synced at once");
        assertEquals(TcpConnectionState.FIN_WAIT, fin.getFirst().state);
        policy.master(false);
        master.table.update(slot, true, FLAG_ACK, T0 + 103);
        assertTrue(drained().isEmpty(), "a backup queues nothing");
    }

    @Test
    void refreshPeriodResyncsALongLivedFlowBeforeTheBackupWouldExpireIt() {
        policy.thresholds(new SyncThresholds(3, 0, 60, 0));
        int slot = master.table.open(TCP, 0, CLIENT, 40001, 0, VIP, 80, master.dr, 1, FLAG_SYN, T0);
        master.table.update(slot, true, FLAG_ACK, T0 + SECOND);
        assertEquals(1, drained().size(), "refresh > 0: the first sync comes as soon as it is ESTABLISHED");
        master.table.update(slot, true, FLAG_ACK, T0 + 30 * SECOND);
        assertTrue(drained().isEmpty(), "expiry moved 29 s < 60 s: held back");
        master.table.update(slot, true, FLAG_ACK, T0 + 62 * SECOND);
        assertEquals(1, drained().size(), "expiry moved 61 s: synced again, well before the backup's 900 s");
    }

    @Test
    void aFullQueueDropsAndCountsWithoutStoppingTheTable() {
        SyncQueue tiny = new SyncQueue(1);
        ConnectionSync p = new ConnectionSync(master.table, id -> master.service, tiny, counters);
        p.thresholds(new SyncThresholds(0, 1, 0, 0)); // every packet
        p.master(true);
        master.table.observer(p);
        int s = master.table.open(17, 0, CLIENT, 1000, 0, VIP, 80, master.dr, 1, 0, T0);
        for (int i = 1; i < 200; i++) {
            master.table.update(s, true, 0, T0 + i);
        }
        long dropped = counters.drops(SyncDropReason.QUEUE_FULL);
        int queued = tiny.drain(r -> { }, 1000);
        assertTrue(dropped > 0 && queued > 0, queued + " queued, " + dropped + " dropped");
        assertEquals(200, queued + dropped, "every packet was either queued or counted");
        assertTrue(master.table.deadlineNanos(s) > T0 + 199, "the table went on");
    }

    @Test
    void whatTheMasterSendsTheBackupInstallsAsSyncedWithTheMastersTimeout() {
        int slot = master.table.open(TCP, 0, CLIENT, 40002, 0, VIP, 80, master.dr, 1, FLAG_SYN, T0);
        master.table.update(slot, true, FLAG_ACK, T0 + 1);
        master.table.update(slot, true, FLAG_ACK, T0 + 2);
        SyncMessageWriter w = new SyncMessageWriter(MemorySegment.ofArray(new byte[1472]), 1472);
        w.start(7);
        queue.drain(w::add, 100);
        assertEquals(1, w.count());

        Director backup = new Director();
        SyncInstaller installer = new SyncInstaller(backup.table, List.of(backup.service), counters);
        SyncBatch batch = new SyncBatch();
        SyncDecoder decoder = new SyncDecoder(7, 1472, counters);
        assertEquals(1, decoder.decode(w.buffer(), 0, w.length(), batch::add));
        long now = 9_000 * SECOND;
        installer.install(batch, now);
        int got = backup.table.findInbound(TCP, 0, CLIENT, 40002, 0, VIP, 80);
        assertTrue(got >= 0);
        assertTrue(backup.table.isSynced(got));
        assertEquals(TcpConnectionState.ESTABLISHED, backup.table.state(got));
        assertEquals(now + 900 * SECOND, backup.table.deadlineNanos(got));
        assertEquals(1, backup.dr.activeConnections());
        assertEquals(1, counters.connectionsReceived());
        assertFalse(master.table.isSynced(slot), "the master's own entry is local");

        batch.get(0).virtualPort = 81;
        installer.install(batch, now);
        assertEquals(1, counters.drops(SyncDropReason.NO_SERVICE));
        batch.get(0).virtualPort = 80;
        batch.get(0).destinationPort = 81;
        installer.install(batch, now);
        assertEquals(1, counters.drops(SyncDropReason.NO_DESTINATION));
        assertEquals(1, backup.table.size(), "the table is unchanged by what it cannot install");
    }

    static InetAddress address(String text) {
        return SyncDecoderTest.address(text);
    }
}
