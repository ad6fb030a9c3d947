package io.vigil.dataplane.sync;

/**
 * The connections of one received message on their way from the receiver to the worker, in preallocated records
 * (at most {@link SyncProtocol#MAX_ENTRIES}); batches are pooled and returned after the worker installed them.
 *
 * <p>Threading: filled by the receiver, then read by the worker; the hand-over goes through the worker's command
 * queue (a happens-before edge), and the worker gives the batch back through the pool's queue.
 */
public final class SyncBatch {

    private final SyncRecord[] records = new SyncRecord[SyncProtocol.MAX_ENTRIES];
    private int size;

    public SyncBatch() {
        for (int i = 0; i < records.length; i++) {
            records[i] = new SyncRecord();
        }
    }

    /** Empties it. */
    public SyncBatch clear() {
        size = 0;
        return this;
    }

    /** Appends a copy of {@code r}; ignored past {@link SyncProtocol#MAX_ENTRIES}. */
    public void add(SyncRecord r) {
        if (size < records.length) {
            records[size++].copyFrom(r);
        }
    }

    public int size() {
        return size;
    }

    public SyncRecord get(int i) {
        return records[i];
    }
}
