package io.vigil.dataplane.forward;

/**
 * The keyed hash of the connection table's keys: every 64-bit word of the key is folded in with a multiply and a
 * rotation, then SplitMix64's finaliser spreads the bits. The seed is random per table so that clients cannot
 * choose addresses and ports that collide. Immutable; safe from any thread.
 */
final class FlowHash {

    private static final long GOLDEN_GAMMA = 0x9E37_79B9_7F4A_7C15L;

    private final long seed;

    FlowHash(long seed) {
        this.seed = seed;
    }

    /** The hash of (protocol, address a:port, address b:port); the two endpoints are ordered. */
    long flow(int protocol, long aHigh, long aLow, int aPort, long bHigh, long bLow, int bPort) {
        long h = mixIn(seed, aHigh);
        h = mixIn(h, aLow);
        h = mixIn(h, bHigh);
        h = mixIn(h, bLow);
        h = mixIn(h, ((long) protocol << 32) | ((long) aPort << 16) | bPort);
        return finish(h);
    }

    /** The hash of a persistence template's key (service, masked client address). */
    long template(int serviceId, long high, long low) {
        return finish(mixIn(mixIn(mixIn(~seed, high), low), serviceId));
    }

    private static long mixIn(long h, long word) {
        return Long.rotateLeft((h ^ word) * GOLDEN_GAMMA, 31);
    }

    /** SplitMix64's finaliser (Steele, Lea, Flood: Fast splittable pseudorandom number generators, 2014). */
    private static long finish(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
