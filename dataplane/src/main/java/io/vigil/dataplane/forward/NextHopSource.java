package io.vigil.dataplane.forward;

/**
 * What resolves next hops for {@link Neighbours}: it takes requests from the worker without blocking or allocating,
 * does the lookups elsewhere (the kernel's tables, on its own thread), and hands results back when the worker
 * drains it between batches.
 *
 * <p>Thread safety: {@link #request} and {@link #drain} are called by the one worker thread that owns the
 * {@link Neighbours}; the implementation does its work on its own thread.
 */
public interface NextHopSource {

    /** Receives results from {@link #drain}. */
    @FunctionalInterface
    interface Sink {
        /**
         * @param high    the destination's high address word ({@link AddressWords})
         * @param low     its low word
         * @param nextHop where it now goes, or null when it is unresolved (no route, no neighbour yet, entry gone)
         */
        void resolved(long high, long low, NextHop nextHop);
    }

    /** Asks for (high, low) to be resolved and kept current. Returns false when the request queue is full. */
    boolean request(long high, long low);

    /** Hands every result since the last call to {@code sink}; returns how many. */
    int drain(Sink sink);
}
