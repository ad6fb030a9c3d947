package io.vigil.dataplane.port;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.vigil.dataplane.linux.Errno;
import io.vigil.dataplane.linux.LinuxException;
import io.vigil.dataplane.linux.XdpSocket;
import io.vigil.dataplane.linux.XdpStatistics;
import io.vigil.dataplane.linux.XskRing;
import java.lang.foreign.MemorySegment;

/**
 * One receive queue of an {@link XdpPort}: its AF_XDP socket and the bookkeeping of its UMEM. The first half of the
 * frames circulates through the fill and RX rings; the second half is a stack of free transmit frames that the
 * completion ring refills. Nothing here allocates or throws on the packet path.
 *
 * <p>Thread safety: the owning worker thread only, except {@link #statistics()} (any thread) and {@link #close()}.
 */
final class XdpQueue implements AutoCloseable {

    /** ETH_ZLEN, linux/if_ether.h. */
    private static final int MINIMUM_FRAME = 60;
    /** PACKET_HOST, linux/if_packet.h: the program steers only frames of this host's flows. */
    private static final int PACKET_HOST = 0;

    private final XdpSocket socket;
    private final int frameSize;
    private final MemorySegment umem;
    private final XskRing fill;
    private final XskRing completion;
    private final XskRing rx;
    private final XskRing tx;
    private final MemorySegment fillMemory;
    private final MemorySegment completionMemory;
    private final MemorySegment rxMemory;
    private final MemorySegment txMemory;
    private final long frameMask;
    private final long[] freeFrames;
    private int freeCount;
    /** Frames handed to the TX ring and not yet completed. */
    private int inFlight;
    /** Whether {@link #receive} busy-polls the queue's NAPI first (preferred busy polling, {@link XdpConfig}). */
    private final boolean busyPoll;
    long wakeupFailures;
    long kickFailures;
    long busyPollFailures;

    XdpQueue(XdpSocket socket, int frameCount, int frameSize, boolean busyPoll) {
        this.socket = socket;
        this.busyPoll = busyPoll;
        this.frameSize = frameSize;
        this.umem = socket.umem();
        this.fill = socket.fill();
        this.completion = socket.completion();
        this.rx = socket.rx();
        this.tx = socket.tx();
        this.fillMemory = fill.memory();
        this.completionMemory = completion.memory();
        this.rxMemory = rx.memory();
        this.txMemory = tx.memory();
        this.frameMask = ~((long) frameSize - 1);
        int half = frameCount / 2;
        this.freeFrames = new long[frameCount - half];
        for (int i = 0; i < freeFrames.length; i++) {
            freeFrames[i] = (long) (half + i) * frameSize;
        }
        this.freeCount = freeFrames.length;
        for (int i = 0; i < half; i++) {
            fillMemory.set(JAVA_LONG, fill.claim(), (long) i * frameSize);
        }
        fill.publish();
    }

    /** Hands up to {@code max} received frames to {@code handler} and lends their frames back to the kernel. */
    int receive(FrameHandler handler, int max) {
        if (busyPoll) {
            long rc = socket.busyPoll(); // runs the device's NAPI here: the frames arrive in the RX ring now
            if (rc < 0 && rc != -Errno.EAGAIN) {
                busyPollFailures++;
            }
        }
        int n = rx.available(max);
        if (n == 0) {
            return 0;
        }
        for (int i = 0; i < n; i++) {
            long desc = rx.readyEntry(i);
            long address = rxMemory.get(JAVA_LONG, desc);
            int length = rxMemory.get(JAVA_INT, desc + 8);
            handler.onFrame(umem, address, length, PACKET_HOST, FrameHandler.CHECKSUM_PENDING);
            // Never -1: the fill ring has a slot for every receive frame.
            fillMemory.set(JAVA_LONG, fill.claim(), address & frameMask);
        }
        rx.release(n);
        fill.publish();
        if (fill.needsWakeup()) {
            try {
                socket.poll(0); // zero-copy drivers ask for a wakeup to take new fill entries
            } catch (LinuxException e) {
                wakeupFailures++;
            }
        }
        return n;
    }

    /** Whether a received frame is waiting. */
    boolean ready() {
        return rx.available(1) > 0;
    }

    /** Copies a frame into a free transmit frame and claims a TX slot; false when none is free or it is too long. */
    boolean transmit(MemorySegment memory, long offset, int length) {
        if (length <= 0 || length > frameSize || offset < 0 || offset + length > memory.byteSize()) {
            return false;
        }
        if (freeCount == 0) {
            reclaim();
            if (freeCount == 0) {
                return false;
            }
        }
        long slot = tx.claim();
        if (slot < 0) {
            return false;
        }
        long frame = freeFrames[--freeCount];
        MemorySegment.copy(memory, offset, umem, frame, length);
        int sent = length;
        if (length < MINIMUM_FRAME) {
            for (long at = frame + length; at < frame + MINIMUM_FRAME; at++) {
                umem.set(JAVA_BYTE, at, (byte) 0); // no slice: nothing allocated on the packet path
            }
            sent = MINIMUM_FRAME;
        }
        txMemory.set(JAVA_LONG, slot, frame);
        txMemory.set(JAVA_INT, slot + 8, sent);
        txMemory.set(JAVA_INT, slot + 12, 0);
        inFlight++;
        return true;
    }

    /** Publishes the claimed TX slots and kicks once; returns how many frames were published. */
    int flush() {
        int queued = tx.unpublished();
        if (queued > 0) {
            tx.publish();
        }
        if (inFlight > 0) {
            long rc = socket.kick();
            if (rc < 0 && rc != -Errno.EAGAIN && rc != -Errno.EBUSY && rc != -Errno.ENOBUFS) {
                kickFailures++;
            }
            reclaim();
        }
        return queued;
    }

    /** Frames sent but not yet completed: a kick that hit its budget left some behind. */
    int inFlight() {
        return inFlight;
    }

    /** Takes completed transmit frames back onto the free stack. */
    private void reclaim() {
        int done = completion.available(freeFrames.length);
        for (int i = 0; i < done; i++) {
            freeFrames[freeCount++] = completionMemory.get(JAVA_LONG, completion.readyEntry(i)) & frameMask;
        }
        if (done > 0) {
            completion.release(done);
            inFlight -= done;
        }
    }

    void poll(int timeoutMillis) throws LinuxException {
        socket.poll(timeoutMillis);
    }

    XdpStatistics statistics() throws LinuxException {
        return socket.statistics();
    }

    int fd() {
        return socket.fd();
    }

    int napiId() throws LinuxException {
        return socket.napiId();
    }

    boolean zeroCopy() {
        return socket.zeroCopy();
    }

    @Override
    public void close() throws LinuxException {
        socket.close();
    }
}
