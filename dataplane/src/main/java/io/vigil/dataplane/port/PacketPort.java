package io.vigil.dataplane.port;

import io.vigil.dataplane.api.PortStats;
import java.lang.foreign.MemorySegment;

/**
 * One interface's frames in and out, for one worker thread: receive a batch, transmit a batch, release. Every
 * method is called from the owning worker only, except {@link #stats()} (any thread) and {@link #close()}.
 */
public interface PacketPort extends AutoCloseable {

    /**
     * Hands every frame of the next ready batch (one ring block) to {@code handler}, then returns that batch to the
     * kernel. Never blocks.
     *
     * @return the number of frames handed over; 0 when nothing was ready
     */
    int receive(FrameHandler handler);

    /**
     * Queues a copy of a frame for transmission on this port; it leaves at the next {@link #flush()} (or earlier
     * when the queue fills).
     *
     * @return false when the transmit queue is full (the frame is not sent)
     */
    boolean transmit(MemorySegment memory, long offset, int length);

    /** Sends what {@link #transmit} queued: one kick per batch. */
    void flush();

    /** Blocks in poll(2) until a frame is ready or {@code timeoutMillis} passes: what an idle worker does. */
    void awaitFrames(int timeoutMillis);

    /** The interface's name. */
    String device();

    /** The interface's index. */
    int ifIndex();

    /** The interface's MAC address, in the low 48 bits, first octet most significant. */
    long macAddress();

    /** The interface's MTU. */
    int mtu();

    /** Counters; any thread. */
    PortStats stats();

    /** Unmaps the rings and closes the socket. Idempotent. */
    @Override
    void close();
}
