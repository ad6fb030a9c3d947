package io.vigil.dataplane.port;

import java.lang.foreign.MemorySegment;

/**
 * One worker's side of the frame handoff among the workers of one AF_XDP device, where each worker reads the
 * sockets of its own receive queues but the flows are owned by the worker their client hashes to
 * ({@link FlowOwners}). As a {@link FrameHandler} wrapped around the worker's own ({@link #sorting}), it passes
 * on the frames this worker owns (and those nobody owns) and copies the others into their owner's
 * {@link HandoffInbox}; {@link #drain} hands the frames the other workers copied to this one to the worker's handler
 * as received ones, and sends those they asked it to send. A worker without a socket on the device sends through
 * the worker of one of its queues ({@link #transmit}). {@link #flush} rings the inboxes written since the last one.
 * Counted: frames handed to another worker, and received frames dropped because their owner's inbox was full.
 *
 * <p>Threading: the worker's thread, except {@link #owners(FlowOwners)} (the control thread) and the counters
 * (read from any thread).
 */
final class WorkerHandoff implements FrameHandler, HandoffInbox.Receiver {

    private final int worker;
    /** Every worker's inbox on the device, by worker. */
    private final HandoffInbox[] inboxes;
    private final HandoffInbox inbox;
    /** The worker that sends this one's frames when it has no socket on the device; -1 when it has one. */
    private final int sender;
    /** The transmit half of this worker's port: frames other workers ask it to send go there. */
    private final FrameSender transmit;
    private volatile FlowOwners owners = FlowOwners.NONE;
    /** The owners for the current batch (one volatile read per batch). */
    private FlowOwners current = FlowOwners.NONE;
    private FrameHandler local;
    /** The inboxes written since the last {@link #flush}, one bit per worker. */
    private long written;
    private int handedSinceFlush;
    private volatile long handedOff;
    private volatile long handoffDrops;
    private volatile long sendFailures;

    /** Where frames other workers hand over for sending go. */
    @FunctionalInterface
    interface FrameSender {

        /** Queues a copy of the frame for sending; false when it cannot. */
        boolean transmit(MemorySegment memory, long offset, int length);
    }

    /**
     * @param worker   this worker's index
     * @param inboxes  every worker's inbox on the device
     * @param sender   the worker that sends for this one (it has no socket on the device), or -1
     * @param transmit this worker's own transmit path (unused when {@code sender} is not -1)
     */
    WorkerHandoff(int worker, HandoffInbox[] inboxes, int sender, FrameSender transmit) {
        if (inboxes.length > Long.SIZE || worker < 0 || worker >= inboxes.length || sender >= inboxes.length) {
            throw new IllegalArgumentException("worker " + worker + " sending through " + sender + " of "
                    + inboxes.length + ", expected workers 0 to " + (inboxes.length - 1) + ", at most " + Long.SIZE);
        }
        this.worker = worker;
        this.inboxes = inboxes;
        this.inbox = inboxes[worker];
        this.sender = sender;
        this.transmit = transmit;
    }

    /** From now on frames are shared by {@code next}; control thread. */
    void owners(FlowOwners next) {
        if (next.workers() != inboxes.length) {
            throw new IllegalArgumentException("owners among " + next.workers() + " workers for a device shared by "
                    + inboxes.length);
        }
        owners = next;
    }

    /** Hands the frames other workers handed to this one: received ones to {@code handler}, the rest sent. */
    int drain(FrameHandler handler, int limit) {
        local = handler;
        return inbox.drain(this, limit);
    }

    @Override
    public void onHandoff(int kind, MemorySegment memory, long offset, int length, int packetType, int flags) {
        if (kind == HandoffInbox.RECEIVED) {
            local.onFrame(memory, offset, length, packetType, flags);
        } else if (!transmit.transmit(memory, offset, length)) {
            sendFailures++;
        }
    }

    /** This as the handler of the frames read from the worker's own sockets, passing its own on to {@code handler}. */
    FrameHandler sorting(FrameHandler handler) {
        local = handler;
        current = owners;
        return this;
    }

    @Override
    public void onFrame(MemorySegment memory, long offset, int length, int packetType, int flags) {
        int owner = current.owner(memory, offset, length);
        if (owner == FlowOwners.UNOWNED || owner == worker) {
            local.onFrame(memory, offset, length, packetType, flags);
        } else if (inboxes[owner].offer(worker, HandoffInbox.RECEIVED, memory, offset, length, packetType, flags)) {
            written |= 1L << owner;
            handedSinceFlush++;
            handedOff++;
        } else {
            handoffDrops++;
        }
    }

    /** Whether this worker sends through another (it has no socket on the device). */
    boolean sendsThroughAnother() {
        return sender >= 0;
    }

    /** Queues a frame for the worker that sends for this one; false when its inbox is full. */
    boolean transmit(MemorySegment memory, long offset, int length) {
        if (!inboxes[sender].offer(worker, HandoffInbox.TRANSMIT, memory, offset, length, 0, 0)) {
            return false;
        }
        written |= 1L << sender;
        handedSinceFlush++;
        handedOff++;
        return true;
    }

    /** Wakes the workers handed frames since the last flush; returns how many frames were handed. */
    int flush() {
        long w = written;
        if (w == 0) {
            return 0;
        }
        written = 0;
        while (w != 0) {
            inboxes[Long.numberOfTrailingZeros(w)].wake();
            w &= w - 1;
        }
        int handed = handedSinceFlush;
        handedSinceFlush = 0;
        return handed;
    }

    /** Before the worker blocks: false when frames wait in this worker's inbox (see {@link HandoffInbox#sleepSoon}). */
    boolean readyToBlock() {
        return inbox.sleepSoon();
    }

    /** The descriptor that becomes readable when frames are handed to this worker while it sleeps. */
    int doorbellFd() {
        return inbox.doorbellFd();
    }

    /** Frames handed to another worker: received frames it owns, and frames it sends for this one. */
    long handedOff() {
        return handedOff;
    }

    /** Received frames dropped because their owner's inbox was full. */
    long handoffDrops() {
        return handoffDrops;
    }

    /** Frames other workers handed this one to send that its transmit queue refused. */
    long sendFailures() {
        return sendFailures;
    }
}
