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

    /**
     * Sends what {@link #transmit} queued: one kick per batch.
     *
     * @return the frames handed to the kernel since the last flush (by this kick, or at once by {@link #transmit})
     */
    int flush();

    /** Blocks in poll(2) until a frame is ready or {@code timeoutMillis} passes: what an idle worker with one port does. */
    void awaitFrames(int timeoutMillis);

    /**
     * The descriptors on which poll(2) reports this port's received frames (POLLIN), so that a worker can wait on
     * all its ports at once; empty when the port cannot be waited on so (a worker then wakes on a short timer).
     */
    int[] pollDescriptors();

    /**
     * Readies the port for its worker to block in poll(2) on {@link #pollDescriptors}: sends what must not wait
     * (frames a kick left behind). Returns false when frames are ready already, so the worker must not block.
     */
    boolean readyToBlock();

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
