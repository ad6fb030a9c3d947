package io.vigil.dataplane.sync;

import io.vigil.dataplane.api.SyncDropReason;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.function.Consumer;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backup's sync thread (IPVS's {@code sync_thread_backup}): receives each message on the group, decodes it
 * ({@link SyncDecoder}: length, Size, SyncID and entry checks, rejections counted), and hands its connections as one
 * pooled {@link SyncBatch} to the installer, which passes it to the worker through its command queue. When every
 * batch is still with the worker, the message is dropped and counted ({@link SyncDropReason#WORKER_BUSY}).
 *
 * <p>Threading: {@link #run} on its own thread, until {@link #close} closes the socket.
 */
public final class SyncReceiver implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SyncReceiver.class);
    private static final int POOLED_BATCHES = 16;

    private final DatagramChannel channel;
    private final SyncDecoder decoder;
    private final SyncCounters counters;
    private final Consumer<SyncBatch> installer;
    private final ManyToOneConcurrentArrayQueue<SyncBatch> pool = new ManyToOneConcurrentArrayQueue<>(POOLED_BATCHES);
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(65536);
    private final MemorySegment memory = MemorySegment.ofBuffer(buffer);
    private SyncBatch current;
    private final Consumer<SyncRecord> collect = r -> current.add(r);

    /**
     * @param channel   bound to the group's port and joined to it on the interface
     * @param installer called on this thread with each batch; must hand it to the worker and, once installed,
     *                  give it back with {@link #recycle}
     */
    public SyncReceiver(DatagramChannel channel, int syncId, int maxLength, SyncCounters counters,
                        Consumer<SyncBatch> installer) {
        this.channel = channel;
        this.counters = counters;
        this.installer = installer;
        this.decoder = new SyncDecoder(syncId, maxLength, counters);
        for (int i = 0; i < POOLED_BATCHES; i++) {
            pool.offer(new SyncBatch());
        }
    }

    /** Returns a batch the worker is done with (any thread). */
    public void recycle(SyncBatch batch) {
        pool.offer(batch);
    }

    @Override
    public void run() {
        while (channel.isOpen()) {
            buffer.clear();
            try {
                if (channel.receive(buffer) == null) {
                    continue;
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.warn("sync receive failed: {}", e.toString());
                continue;
            }
            onMessage(buffer.position());
        }
    }

    /** Decodes one message of {@code length} octets at the start of the receive buffer. */
    void onMessage(int length) {
        counters.messageReceived();
        SyncBatch batch = pool.poll();
        if (batch == null) {
            counters.count(SyncDropReason.WORKER_BUSY);
            return;
        }
        current = batch.clear();
        if (decoder.decode(memory, 0, length, collect) > 0) {
            installer.accept(batch);
        } else {
            pool.offer(batch);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a UDP socket
        }
    }
}
