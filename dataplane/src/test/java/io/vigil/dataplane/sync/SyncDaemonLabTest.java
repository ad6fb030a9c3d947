package io.vigil.dataplane.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.api.SyncDaemonConfig;
import io.vigil.dataplane.api.SyncRole;
import io.vigil.dataplane.forward.AddressWords;
import io.vigil.dataplane.forward.TcpConnectionState;
import io.vigil.dataplane.lab.LabProcess;
import io.vigil.dataplane.lab.Netns;
import io.vigil.dataplane.lab.NetnsLab;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two namespaces on a veth pair: a's sync daemon (MASTER) multicasts what is queued, b's (BACKUP) installs it into
 * its connection table, and tshark in b decodes the same datagrams as IPVS sync v1.
 */
@Tag("netns")
class SyncDaemonLabTest {

    @RegisterExtension
    static final NetnsLab lab = new NetnsLab();

    @Test
    void theMastersConnectionsReachTheBackupsTableAndTsharkDecodesThemAsIpvs() throws Exception {
        Netns a = lab.namespace("sa");
        Netns b = lab.namespace("sb");
        lab.veth(a, "sa0", "198.18.7.1/24", b, "sb0", "198.18.7.2/24");
        LabProcess tshark = b.start("tshark", "-i", "sb0", "-n", "-l", "-c", "1", "-f", "udp port 8848",
                "-d", "udp.port==8848,ipvs", "-V");
        Thread.sleep(2000); // tshark opens its capture

        SyncQueue queue = new SyncQueue(1024);
        SyncCounters sent = new SyncCounters();
        SyncCounters received = new SyncCounters();
        ConnectionSyncTest.Director backup = new ConnectionSyncTest.Director();
        SyncInstaller installer = new SyncInstaller(backup.table, java.util.List.of(backup.service), received);
        InetAddress group = InetAddress.getByName(SyncProtocol.DEFAULT_GROUP);
        SyncDaemon[] receiverSide = new SyncDaemon[1];
        receiverSide[0] = new SyncDaemon(new SyncDaemonConfig("sb0", 51, 1472, group, 8848, 1), new SyncQueue(64),
                received, batch -> {
                    synchronized (backup) {
                        installer.install(batch, System.nanoTime());
                    }
                    receiverSide[0].recycle(batch);
                }, master -> { });
        SyncDaemon master = new SyncDaemon(new SyncDaemonConfig("sa0", 51, 1472, group, 8848, 1), queue, sent,
                batch -> { }, m -> { });
        try {
            b.call(() -> {
                receiverSide[0].role(SyncRole.BACKUP);
                return null;
            });
            a.call(() -> {
                master.role(SyncRole.MASTER);
                return null;
            });
            assertEquals(SyncRole.BACKUP, receiverSide[0].role());
            assertEquals(SyncRole.MASTER, master.role());
            SyncRecord r = new SyncRecord();
            r.protocol = 6;
            r.state = TcpConnectionState.ESTABLISHED;
            r.flags = SyncProtocol.FLAG_DROUTE | SyncProtocol.FLAG_NOOUTPUT;
            r.clientLow = AddressWords.low(InetAddress.getByName("198.18.2.1"));
            r.clientPort = 40000;
            r.virtualLow = AddressWords.low(InetAddress.getByName("198.18.0.10"));
            r.virtualPort = 80;
            r.destinationLow = AddressWords.low(InetAddress.getByName("198.18.1.9"));
            r.destinationPort = 80;
            r.timeoutSeconds = 900;
            r.queuedAtNanos = System.nanoTime();
            assertTrue(queue.offer(r));

            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            int slot = -1;
            while (slot < 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
                synchronized (backup) {
                    slot = backup.table.findInbound(6, 0, r.clientLow, 40000, 0, r.virtualLow, 80);
                }
            }
            assertTrue(slot >= 0, "the backup installed the connection; sent " + sent.messagesSent()
                    + ", received " + received.messagesReceived() + ", drops " + received.dropsSnapshot());
            synchronized (backup) {
                assertTrue(backup.table.isSynced(slot));
                assertEquals(TcpConnectionState.ESTABLISHED, backup.table.state(slot));
            }
            assertEquals(1, sent.messagesSent());
            assertEquals(1, sent.connectionsSent());
            assertTrue(sent.lagNanos() > 0 && sent.lagNanos() < Duration.ofSeconds(1).toNanos(), "lag " + sent.lagNanos());

            assertEquals(0, tshark.waitFor(Duration.ofSeconds(10)), tshark.output());
            String decoded = tshark.output();
            for (String expected : new String[] {"Dst: 224.0.0.81", "Destination Port: 8848",
                    "IP Virtual Services Sync Daemon", "Synchronization ID: 51", "Connection Count: 1", "Version: 1",
                    "Client Port: 40000", "Virtual Port: 80", "Destination Port: 80", "Client Address: 198.18.2.1",
                    "Virtual Address: 198.18.0.10", "Destination Address: 198.18.1.9"}) {
                assertTrue(decoded.contains(expected), expected + " in\n" + decoded);
            }
        } finally {
            master.close();
            receiverSide[0].close();
        }
    }
}
