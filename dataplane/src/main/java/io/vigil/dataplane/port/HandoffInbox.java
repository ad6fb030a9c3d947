package io.vigil.dataplane.port;

import io.vigil.dataplane.linux.EventFd;
import io.vigil.dataplane.linux.LinuxException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicBoolean;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The frames the other workers of one device hand to one worker: an Agrona {@link OneToOneRingBuffer} per sending
 * worker (so every ring has one writer and one reader and nothing is contended), each message one whole frame,
 * copied in place ({@code tryClaim}, copy, {@code commit}): nothing allocated, and a full ring refuses the frame
 * instead of waiting. A message is a received frame the worker owns ({@link #RECEIVED}, with its packet type and
 * flags) or a frame to send for a worker without a socket on the device ({@link #TRANSMIT}).
 *
 * <p>Waking: the owner polls a doorbell ({@link EventFd}) with its ports. Before it blocks it clears the doorbell,
 * says it sleeps and looks at the rings once more ({@link #sleepSoon}); a writer, after its batch, fences and rings
 * the doorbell only if the owner said so ({@link #wake}), so a busy owner costs its writers no system call, and a
 * frame committed before the owner's last look is seen by it, one committed after wakes it (a Dekker handshake:
 * the owner's volatile store then volatile load, the writer's commit, full fence, then load).
 *
 * <p>Threading: {@link #offer} and {@link #wake} for ring {@code from} on worker {@code from}'s thread only;
 * {@link #drain}, {@link #pending}, {@link #sleepSoon} and {@link #awake} on the owning worker's thread;
 * {@link #close} once every worker has stopped.
 */
final class HandoffInbox implements AutoCloseable {

    /** A received frame the owner handles as its own; bits 8-15 of the type hold the packet type, 16-23 the flags. */
    static final int RECEIVED = 1;
    /** A frame for the owner to send on the device, for a worker that has no socket there. */
    static final int TRANSMIT = 2;
    private static final int KIND = 0xff;

    /** Where {@link #drain} hands the messages. */
    interface Receiver {

        /** A handed frame of {@code kind} ({@link #RECEIVED}, {@link #TRANSMIT}); valid during the call only. */
        void onHandoff(int kind, MemorySegment memory, long offset, int length, int packetType, int flags);
    }

    private final int owner;
    /** By sending worker; null at the owner's own index. */
    private final OneToOneRingBuffer[] rings;
    /** Each ring's memory, for the receiver to read (and rewrite) the frame in place. */
    private final MemorySegment[] memory;
    private final int maxFrame;
    private final EventFd doorbell;
    /** The owner is about to block or blocks in poll(2): the next writer rings the doorbell. */
    private final AtomicBoolean sleeping = new AtomicBoolean();
    /** The owner set {@link #sleeping} and has not taken it back (owner's thread only). */
    private boolean armed;
    private Receiver receiver;
    private int drainingFrom;
    private final MessageHandler handler;

    /**
     * Rings of {@code ringBytes} (a power of two) from each of the other {@code workers - 1} workers, in memory of
     * {@code arena} (which the caller closes after this).
     *
     * @throws LinuxException when no doorbell descriptor can be opened
     */
    HandoffInbox(int owner, int workers, int ringBytes, Arena arena) throws LinuxException {
        if (Integer.bitCount(ringBytes) != 1) {
            throw new IllegalArgumentException("handoff ring of " + ringBytes + " bytes, expected a power of two");
        }
        this.owner = owner;
        this.rings = new OneToOneRingBuffer[workers];
        this.memory = new MemorySegment[workers];
        for (int from = 0; from < workers; from++) {
            if (from != owner) {
                MemorySegment m = arena.allocate(ringBytes + RingBufferDescriptor.TRAILER_LENGTH, 64);
                memory[from] = m;
                rings[from] = new OneToOneRingBuffer(new UnsafeBuffer(m.address(), (int) m.byteSize()));
            }
        }
        this.maxFrame = workers > 1 ? rings[owner == 0 ? 1 : 0].maxMsgLength() : 0;
        this.handler = (type, buffer, index, length) -> receiver.onHandoff(type & KIND, memory[drainingFrom], index,
                length, (type >>> 8) & 0xff, (type >>> 16) & 0xff);
        this.doorbell = EventFd.open();
    }

    /**
     * Worker {@code from}: copies a frame into its ring to the owner.
     *
     * @param kind {@link #RECEIVED} or {@link #TRANSMIT}
     * @return false when the ring is full or the frame does not fit in it (nothing is queued)
     */
    boolean offer(int from, int kind, MemorySegment source, long offset, int length, int packetType, int flags) {
        if (length <= 0 || length > maxFrame || offset < 0 || offset + length > source.byteSize()) {
            return false; // before the claim: a claimed message must be committed
        }
        OneToOneRingBuffer ring = rings[from];
        int index = ring.tryClaim(kind | (packetType & 0xff) << 8 | (flags & 0xff) << 16, length);
        if (index <= 0) {
            return false;
        }
        MemorySegment.copy(source, offset, memory[from], index, length);
        ring.commit(index);
        return true;
    }

    /** A writer, after its batch: wakes the owner if it sleeps or is about to. */
    void wake() {
        VarHandle.fullFence(); // the commits before the look at sleeping (the writer's half of the handshake)
        if (sleeping.get() && sleeping.compareAndSet(true, false)) {
            doorbell.signal();
        }
    }

    /** Owner: hands up to {@code limit} messages of each ring to {@code to}; returns how many. */
    int drain(Receiver to, int limit) {
        if (armed) {
            awake();
        }
        receiver = to;
        int total = 0;
        for (int from = 0; from < rings.length; from++) {
            if (rings[from] != null) {
                drainingFrom = from;
                total += rings[from].read(handler, limit);
            }
        }
        return total;
    }

    /** Owner: whether a message waits. */
    boolean pending() {
        for (OneToOneRingBuffer ring : rings) {
            if (ring != null && ring.producerPosition() != ring.consumerPosition()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Owner, before it blocks in poll(2) on {@link #doorbellFd}: clears the doorbell and says it sleeps; false when a
     * message is waiting already (then it must not block).
     */
    boolean sleepSoon() {
        if (pending()) {
            return false;
        }
        doorbell.clear(); // a ring meant for an earlier sleep
        armed = true;
        sleeping.set(true);
        if (pending()) {
            awake();
            return false;
        }
        return true;
    }

    /** Owner: awake again (writers need not ring). */
    void awake() {
        armed = false;
        sleeping.set(false);
    }

    /** The doorbell, to poll for POLLIN with the owner's ports. */
    int doorbellFd() {
        return doorbell.fd();
    }

    /** The worker this inbox belongs to. */
    int owner() {
        return owner;
    }

    /** Closes the doorbell; the rings' memory goes with the caller's arena. */
    @Override
    public void close() {
        doorbell.close();
    }
}
