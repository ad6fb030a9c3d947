package io.vigil.dataplane.forward.schedule;

/**
 * SipHash (Aumasson and Bernstein, "SipHash: a fast short-input PRF", 2012) of one 4-byte message, as the kernel's
 * {@code hsiphash} computes it on 64-bit machines (lib/siphash.c: SipHash-1-3 over 64-bit words, the result truncated
 * to 32 bits). mh hashes with it so that a Vigil director builds the same Maglev table as IPVS keyed the same way.
 * Stateless.
 */
final class SipHash {

    /** The initial state, "somepseudorandomlygeneratedbytes" (SipHash paper §2). */
    private static final long V0 = 0x736f6d6570736575L;
    private static final long V1 = 0x646f72616e646f6dL;
    private static final long V2 = 0x6c7967656e657261L;
    private static final long V3 = 0x7465646279746573L;

    private SipHash() {
    }

    /** The kernel's {@code hsiphash(&value, 4, key)} on a little-endian 64-bit machine. */
    static int hsiphash(int value, long key0, long key1) {
        return (int) hash4(value, key0, key1, 1, 3);
    }

    /**
     * SipHash-c-d of the 4-byte message {@code value} (stored little-endian), with the 128-bit key (key0, key1)
     * given as two little-endian 64-bit words.
     */
    static long hash4(int value, long key0, long key1, int compressionRounds, int finalizationRounds) {
        long v0 = V0 ^ key0;
        long v1 = V1 ^ key1;
        long v2 = V2 ^ key0;
        long v3 = V3 ^ key1;
        // The only (and last) block: the 4 message bytes and the length in the top byte.
        long b = (4L << 56) | (value & 0xFFFF_FFFFL);
        v3 ^= b;
        for (int round = 0; round < compressionRounds + finalizationRounds; round++) {
            if (round == compressionRounds) {
                v0 ^= b;
                v2 ^= 0xff;
            }
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }
}
