package io.vigil.dataplane.forward;

/**
 * The worker's view of routes and neighbours: the next hop of a destination address, from a cache that the
 * kernel's routing and neighbour tables fill ({@link Neighbours}). {@link #nextHop} never blocks and never
 * allocates; a miss asks for a resolution that completes later (the packet that missed is dropped and counted).
 */
public interface NextHopTable {

    /** The next hop of (high, low) (see {@link AddressWords}), or null while the route or neighbour is unknown. */
    NextHop nextHop(long high, long low);
}
