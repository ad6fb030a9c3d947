package io.vigil.dataplane.sync;

import io.vigil.dataplane.api.SyncDaemonConfig;
import io.vigil.dataplane.api.SyncRole;
import io.vigil.dataplane.api.SyncStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IPVS's sync daemon, user-space: in {@link SyncRole#MASTER} a {@link SyncSender} thread multicasts what the
 * workers queue; in {@link SyncRole#BACKUP} a {@link SyncReceiver} thread joins the group and hands connections to
 * the installer; a role change stops the one and starts the other, as keepalived does with {@code ipvs_syncd_master}
 * and {@code ipvs_syncd_backup}. Sockets are plain UDP (the JDK's {@link DatagramChannel}): the sender's is bound to
 * the interface's IPv4 address and sends to the group with the configured TTL and no loopback; the receiver's is
 * bound to the group's address and port and joined on the interface.
 *
 * <p>Threading: {@link #role} and {@link #close} are synchronized; the counters are read from any thread.
 */
public final class SyncDaemon implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SyncDaemon.class);
    /** The longest a record waits in a partial message before it is sent. */
    public static final long FLUSH_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final SyncDaemonConfig config;
    private final SyncQueue queue;
    private final SyncCounters counters;
    private final Consumer<SyncBatch> installer;
    private final Consumer<Boolean> masterSwitch;
    private SyncRole role = SyncRole.NONE;
    private AgentRunner sender;
    private SyncReceiver receiver;

    /**
     * @param queue        where the workers queue records (read by the sender)
     * @param installer    takes each received batch to the worker (which calls {@link #recycle} when done)
     * @param masterSwitch tells the workers whether to queue records (posted to them as a command)
     */
    public SyncDaemon(SyncDaemonConfig config, SyncQueue queue, SyncCounters counters, Consumer<SyncBatch> installer,
                      Consumer<Boolean> masterSwitch) {
        this.config = config;
        this.queue = queue;
        this.counters = counters;
        this.installer = installer;
        this.masterSwitch = masterSwitch;
    }

    public SyncDaemonConfig config() {
        return config;
    }

    /** Switches role; failures to open a socket are logged and leave the role NONE. */
    public synchronized void role(SyncRole next) {
        if (next == role) {
            return;
        }
        stop();
        try {
            if (next == SyncRole.MASTER) {
                DatagramChannel ch = senderChannel();
                sender = new AgentRunner(new SleepingIdleStrategy(TimeUnit.MILLISECONDS.toNanos(1)),
                        e -> LOG.error("sync sender: {}", e.toString()), null,
                        new SyncSender(queue, ch, new InetSocketAddress(config.group(), config.port()), config.syncId(),
                                config.maxLength(), FLUSH_NANOS, counters));
                AgentRunner.startOnThread(sender);
                masterSwitch.accept(true);
            } else if (next == SyncRole.BACKUP) {
                receiver = new SyncReceiver(receiverChannel(), config.syncId(), config.maxLength(), counters, installer);
                Thread t = new Thread(receiver, "vigil-sync-backup");
                t.setDaemon(true);
                t.start();
            }
            role = next;
            LOG.info("sync daemon: state = {}, mcast_ifn = {}, syncid = {}, group {}:{}", next, config.interfaceName(),
                    config.syncId(), config.group().getHostAddress(), config.port());
        } catch (IOException | UncheckedIOException e) {
            LOG.error("sync daemon: cannot start as {} on {}: {}", next, config.interfaceName(), e.getMessage());
            stop();
            role = SyncRole.NONE;
        }
    }

    public synchronized SyncRole role() {
        return role;
    }

    /** A batch the worker has installed goes back to the receiver's pool. */
    public void recycle(SyncBatch batch) {
        SyncReceiver r;
        synchronized (this) {
            r = receiver;
        }
        if (r != null) {
            r.recycle(batch);
        }
    }

    public SyncStats stats() {
        return new SyncStats(role(), counters.messagesSent(), counters.connectionsSent(), counters.messagesReceived(),
                counters.connectionsReceived(), counters.dropsSnapshot(), counters.lagNanos(), counters.maxLagNanos());
    }

    @Override
    public synchronized void close() {
        stop();
        role = SyncRole.NONE;
    }

    private void stop() {
        masterSwitch.accept(false);
        if (sender != null) {
            sender.close();
            sender = null;
        }
        if (receiver != null) {
            receiver.close();
            receiver = null;
        }
    }

    private NetworkInterface networkInterface() throws SocketException {
        NetworkInterface nif = NetworkInterface.getByName(config.interfaceName());
        if (nif == null) {
            throw new SocketException("no interface " + config.interfaceName());
        }
        return nif;
    }

    private DatagramChannel senderChannel() throws IOException {
        NetworkInterface nif = networkInterface();
        InetAddress source = nif.inetAddresses().filter(a -> a instanceof Inet4Address).findFirst()
                .orElseThrow(() -> new SocketException(config.interfaceName() + " has no IPv4 address to send from"));
        DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
        ch.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif);
        ch.setOption(StandardSocketOptions.IP_MULTICAST_TTL, config.ttl());
        ch.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, false);
        ch.bind(new InetSocketAddress(source, 0));
        return ch;
    }

    private DatagramChannel receiverChannel() throws IOException {
        NetworkInterface nif = networkInterface();
        DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
        ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        ch.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
        ch.bind(new InetSocketAddress(config.group(), config.port()));
        ch.join(config.group(), nif);
        return ch;
    }
}
