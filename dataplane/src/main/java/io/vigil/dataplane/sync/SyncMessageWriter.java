package io.vigil.dataplane.sync;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Builds v1 sync messages as the kernel's master does ({@code ip_vs_sync_conn}): a header, then entries, each
 * starting on a 32-bit boundary (the padding before an entry counts in the message's Size, not in the entry's),
 * with the sequence option when the record has one and the persistence-engine data and name when it has them.
 * A message holds at most {@code maxLength} octets and {@link SyncProtocol#MAX_ENTRIES} entries.
 *
 * <p>Threading: one instance per sending thread; it writes into memory it was given once. Allocation-free.
 */
public final class SyncMessageWriter {

    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final MemorySegment buffer;
    private final int maxLength;
    private final SyncMessage header = new SyncMessage();
    private final SyncEntry entry = new SyncEntry();
    private int syncId;
    private int length;
    private int count;

    /**
     * @param buffer    where messages are built (at offset 0); at least {@code maxLength} octets
     * @param maxLength {@code sync_maxlen}: the largest message
     */
    public SyncMessageWriter(MemorySegment buffer, int maxLength) {
        if (maxLength < SyncProtocol.HEADER_LENGTH + SyncProtocol.V6_ENTRY_LENGTH || buffer.byteSize() < maxLength) {
            throw new IllegalArgumentException("sync message length " + maxLength + " (buffer " + buffer.byteSize()
                    + "), expected at least " + (SyncProtocol.HEADER_LENGTH + SyncProtocol.V6_ENTRY_LENGTH));
        }
        this.buffer = buffer;
        this.maxLength = maxLength;
    }

    /** Starts a new message with {@code syncId}. */
    public SyncMessageWriter start(int syncId) {
        this.syncId = syncId;
        header.wrap(buffer, 0).initialise(syncId);
        length = SyncProtocol.HEADER_LENGTH;
        count = 0;
        return this;
    }

    /** The octets one record takes, options included, padding excluded. */
    public static int entrySize(SyncRecord r) {
        int size = r.ipv6 ? SyncProtocol.V6_ENTRY_LENGTH : SyncProtocol.V4_ENTRY_LENGTH;
        if (r.hasSequence) {
            size += 2 + SyncProtocol.SEQ_OPTIONS_LENGTH;
        }
        if (r.peDataLength > 0) {
            size += 2 + r.peDataLength;
            if (r.peNameLength > 0) {
                size += 2 + r.peNameLength;
            }
        }
        return size;
    }

    /** Adds {@code r}; false (and nothing written) when it does not fit: send, {@link #start} again, then add. */
    public boolean add(SyncRecord r) {
        int size = entrySize(r);
        int pad = (4 - length) & 3;
        if (count == SyncProtocol.MAX_ENTRIES || length + pad + size > maxLength) {
            return false;
        }
        for (int i = 0; i < pad; i++) {
            buffer.set(ValueLayout.JAVA_BYTE, length + i, (byte) 0);
        }
        long at = length + pad;
        entry.wrap(buffer, at).write(r, size);
        long q = at + (r.ipv6 ? SyncProtocol.V6_ENTRY_LENGTH : SyncProtocol.V4_ENTRY_LENGTH);
        if (r.hasSequence) {
            q = option(q, SyncProtocol.OPTION_SEQ_DATA, SyncProtocol.SEQ_OPTIONS_LENGTH);
            for (int k = 0; k < 6; k++) {
                buffer.set(U32, q + 4L * k, r.sequence[k]);
            }
            q += SyncProtocol.SEQ_OPTIONS_LENGTH;
        }
        if (r.peDataLength > 0) {
            q = option(q, SyncProtocol.OPTION_PE_DATA, r.peDataLength);
            MemorySegment.copy(r.peData, 0, buffer, ValueLayout.JAVA_BYTE, q, r.peDataLength);
            q += r.peDataLength;
            if (r.peNameLength > 0) {
                q = option(q, SyncProtocol.OPTION_PE_NAME, r.peNameLength);
                MemorySegment.copy(r.peName, 0, buffer, ValueLayout.JAVA_BYTE, q, r.peNameLength);
            }
        }
        length += pad + size;
        count++;
        header.size(length).connectionCount(count);
        return true;
    }

    private long option(long at, int type, int optionLength) {
        buffer.set(ValueLayout.JAVA_BYTE, at, (byte) type);
        buffer.set(ValueLayout.JAVA_BYTE, at + 1, (byte) optionLength);
        return at + 2;
    }

    /** Entries in the message being built. */
    public int count() {
        return count;
    }

    /** Its length so far (the header's Size). */
    public int length() {
        return length;
    }

    /** The SyncID it was started with. */
    public int syncId() {
        return syncId;
    }

    /** The memory the message is in (from offset 0, {@link #length()} octets). */
    public MemorySegment buffer() {
        return buffer;
    }
}
