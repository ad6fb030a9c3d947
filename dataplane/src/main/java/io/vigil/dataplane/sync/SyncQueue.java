package io.vigil.dataplane.sync;

import java.nio.ByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The bounded hand-over from the workers to the sync sender: an Agrona {@link ManyToOneRingBuffer} of fixed-size
 * records, written in place ({@code tryClaim}/{@code commit}), so queuing allocates nothing and never blocks: when
 * the ring is full {@link #offer} returns false and the caller counts the drop.
 *
 * <p>Threading: any number of writers (workers), one reader (the sender).
 */
public final class SyncQueue {

    private static final int TYPE = 1;
    private static final int RECORD_LENGTH = 88;
    private static final int IPV6 = 0;
    private static final int PROTOCOL = 1;
    private static final int STATE = 2;
    private static final int FLAGS = 4;
    private static final int CLIENT_PORT = 8;
    private static final int VIRTUAL_PORT = 10;
    private static final int DESTINATION_PORT = 12;
    private static final int FWMARK = 16;
    private static final int TIMEOUT = 20;
    private static final int ADDRESSES = 24;
    private static final int QUEUED_AT = 72;

    private final RingBuffer ring;

    /** @param records how many records it holds at most (rounded so the ring is a power of two) */
    public SyncQueue(int records) {
        int bytes = Integer.highestOneBit(Math.max(records, 64) * 128 - 1) << 1;
        ring = new ManyToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(bytes + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    /** Queues a copy of {@code r}; false when the ring is full. */
    public boolean offer(SyncRecord r) {
        int index = ring.tryClaim(TYPE, RECORD_LENGTH);
        if (index <= 0) {
            return false;
        }
        UnsafeBuffer b = (UnsafeBuffer) ring.buffer();
        b.putByte(index + IPV6, (byte) (r.ipv6 ? 1 : 0));
        b.putByte(index + PROTOCOL, (byte) r.protocol);
        b.putShort(index + STATE, (short) r.state);
        b.putInt(index + FLAGS, r.flags);
        b.putShort(index + CLIENT_PORT, (short) r.clientPort);
        b.putShort(index + VIRTUAL_PORT, (short) r.virtualPort);
        b.putShort(index + DESTINATION_PORT, (short) r.destinationPort);
        b.putInt(index + FWMARK, r.fwmark);
        b.putInt(index + TIMEOUT, (int) r.timeoutSeconds);
        b.putLong(index + ADDRESSES, r.clientHigh);
        b.putLong(index + ADDRESSES + 8, r.clientLow);
        b.putLong(index + ADDRESSES + 16, r.virtualHigh);
        b.putLong(index + ADDRESSES + 24, r.virtualLow);
        b.putLong(index + ADDRESSES + 32, r.destinationHigh);
        b.putLong(index + ADDRESSES + 40, r.destinationLow);
        b.putLong(index + QUEUED_AT, r.queuedAtNanos);
        ring.commit(index);
        return true;
    }

    /** Reader: a callback per record, given the (reused) record filled from the ring. */
    @FunctionalInterface
    public interface Reader {
        void onRecord(SyncRecord r);
    }

    private final SyncRecord into = new SyncRecord();
    private Reader reader;
    private final org.agrona.concurrent.MessageHandler handler = (type, b, index, length) -> {
            into.clear();
            into.ipv6 = b.getByte(index + IPV6) != 0;
            into.protocol = Byte.toUnsignedInt(b.getByte(index + PROTOCOL));
            into.state = Short.toUnsignedInt(b.getShort(index + STATE));
            into.flags = b.getInt(index + FLAGS);
            into.clientPort = Short.toUnsignedInt(b.getShort(index + CLIENT_PORT));
            into.virtualPort = Short.toUnsignedInt(b.getShort(index + VIRTUAL_PORT));
            into.destinationPort = Short.toUnsignedInt(b.getShort(index + DESTINATION_PORT));
            into.fwmark = b.getInt(index + FWMARK);
            into.timeoutSeconds = Integer.toUnsignedLong(b.getInt(index + TIMEOUT));
            into.clientHigh = b.getLong(index + ADDRESSES);
            into.clientLow = b.getLong(index + ADDRESSES + 8);
            into.virtualHigh = b.getLong(index + ADDRESSES + 16);
            into.virtualLow = b.getLong(index + ADDRESSES + 24);
            into.destinationHigh = b.getLong(index + ADDRESSES + 32);
            into.destinationLow = b.getLong(index + ADDRESSES + 40);
            into.queuedAtNanos = b.getLong(index + QUEUED_AT);
            reader.onRecord(into);
    };

    /** Reader thread: hands up to {@code limit} queued records to {@code reader} (one reused record); returns how many. */
    public int drain(Reader reader, int limit) {
        this.reader = reader;
        return ring.read(handler, limit);
    }

    /** Records waiting (approximately). */
    public int size() {
        return ring.size() / (RECORD_LENGTH + 8);
    }
}
