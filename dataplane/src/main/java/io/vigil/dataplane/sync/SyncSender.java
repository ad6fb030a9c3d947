package io.vigil.dataplane.sync;

import io.vigil.dataplane.api.SyncDropReason;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.agrona.concurrent.Agent;

/**
 * The master's sync thread (IPVS's {@code sync_thread_master}) as an Agrona {@link Agent}: it drains the
 * {@link SyncQueue} into v1 messages of up to {@code sync_maxlen} octets and sends each to the group when it is
 * full, or, when the queue is empty, once its oldest record has waited {@code flushNanos} (IPVS holds a partial
 * message up to 2 s; Vigil sends sooner to keep the backup's lag short).
 *
 * <p>Threading: runs on its own thread; owns its socket and buffer. Allocation-free per message (a direct buffer
 * and a resolved target, once).
 */
public final class SyncSender implements Agent {

    private static final int RECORDS_PER_CYCLE = 256;

    private final SyncQueue queue;
    private final DatagramChannel channel;
    private final InetSocketAddress target;
    private final SyncCounters counters;
    private final long flushNanos;
    private final ByteBuffer buffer;
    private final SyncMessageWriter writer;
    private final int syncId;
    private final SyncQueue.Reader add = this::add;
    private long oldestNanos;

    /**
     * @param channel    an open UDP socket, set up for the group (interface, TTL, no loop)
     * @param target     the group and port
     * @param maxLength  {@code sync_maxlen}
     * @param flushNanos the longest a record waits in a partial message
     */
    public SyncSender(SyncQueue queue, DatagramChannel channel, InetSocketAddress target, int syncId, int maxLength,
                      long flushNanos, SyncCounters counters) {
        this.queue = queue;
        this.channel = channel;
        this.target = target;
        this.syncId = syncId;
        this.counters = counters;
        this.flushNanos = flushNanos;
        this.buffer = ByteBuffer.allocateDirect(maxLength);
        this.writer = new SyncMessageWriter(MemorySegment.ofBuffer(buffer), maxLength);
        writer.start(syncId);
    }

    @Override
    public int doWork() {
        int work = queue.drain(add, RECORDS_PER_CYCLE);
        if (work == 0 && writer.count() > 0 && System.nanoTime() - oldestNanos >= flushNanos) {
            send();
            work = 1;
        }
        return work;
    }

    private void add(SyncRecord r) {
        if (writer.count() == 0) {
            oldestNanos = r.queuedAtNanos;
        }
        if (!writer.add(r)) {
            send();
            oldestNanos = r.queuedAtNanos;
            writer.add(r);
        }
    }

    /** Sends what is in the message now and starts a new one. */
    private void send() {
        buffer.clear().limit(writer.length());
        try {
            if (channel.send(buffer, target) == 0) {
                counters.count(SyncDropReason.SEND_FAILED);
            } else {
                counters.messageSent(writer.count(), System.nanoTime() - oldestNanos);
            }
        } catch (IOException e) {
            counters.count(SyncDropReason.SEND_FAILED);
        }
        writer.start(syncId);
    }

    @Override
    public void onClose() {
        if (writer.count() > 0) {
            send();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a UDP socket
        }
    }

    @Override
    public String roleName() {
        return "vigil-sync-master";
    }
}
