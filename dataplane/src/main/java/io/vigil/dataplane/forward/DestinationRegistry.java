package io.vigil.dataplane.forward;

import org.agrona.collections.Int2ObjectHashMap;

/**
 * Every live destination of one worker by id, so that the connection table can store an int and still reach its
 * destination's counts. Ids are never reused while a connection may still name them. Owned by the worker thread.
 */
public final class DestinationRegistry {

    private final Int2ObjectHashMap<Destination> byId = new Int2ObjectHashMap<>();
    private int nextId = 1;

    /** A fresh id. */
    public int nextId() {
        return nextId++;
    }

    public void add(Destination destination) {
        byId.put(destination.id(), destination);
    }

    /** The destination, or null when it is gone. */
    public Destination get(int id) {
        return byId.get(id);
    }

    /** Forgets it (call once no connection names it). */
    public void remove(int id) {
        byId.remove(id);
    }
}
