package io.vigil.dataplane.packet;

/**
 * Incremental update of an Internet checksum after some of the words it covers changed, RFC 1624 §3 eqn. 3:
 * {@code HC' = ~(~HC + ~m + m')} in ones' complement arithmetic, applied to every 16-bit word that changed. This is
 * how a NAT rewrite of an address or a port fixes the IPv4 header checksum and the TCP/UDP checksum (whose
 * pseudo-header covers the addresses) without summing the packet again. Eqn. 3 never yields {@code 0xFFFF} from a
 * valid checksum, so the result equals what a full recomputation gives for any message with a non-zero word (every
 * IP header and pseudo-header has one; only an all-zero message recomputes to {@code 0xFFFF}, the other zero).
 *
 * <p>All values are unsigned 16-bit checksums in an int; addresses are big-endian words as the flyweights return
 * them. Stateless and thread-safe; allocates nothing.
 */
public final class ChecksumUpdate {

    private ChecksumUpdate() {
    }

    /** The checksum after the 16-bit word {@code oldWord} became {@code newWord}. */
    public static int update16(int checksum, int oldWord, int newWord) {
        return finish(start(checksum) + (~oldWord & 0xFFFF) + (newWord & 0xFFFF));
    }

    /** The checksum after the 32-bit word {@code oldWord} (such as an IPv4 address) became {@code newWord}. */
    public static int update32(int checksum, int oldWord, int newWord) {
        return finish(start(checksum) + complement32(oldWord) + plain32(newWord));
    }

    /**
     * The checksum after the 128-bit word {@code (oldHigh, oldLow)} (such as an IPv6 address, high and low 64 bits)
     * became {@code (newHigh, newLow)}.
     */
    public static int update128(int checksum, long oldHigh, long oldLow, long newHigh, long newLow) {
        long sum = start(checksum)
                + complement32((int) (oldHigh >>> 32)) + complement32((int) oldHigh)
                + complement32((int) (oldLow >>> 32)) + complement32((int) oldLow)
                + plain32((int) (newHigh >>> 32)) + plain32((int) newHigh)
                + plain32((int) (newLow >>> 32)) + plain32((int) newLow);
        return finish(sum);
    }

    private static long start(int checksum) {
        return ~checksum & 0xFFFF;
    }

    private static long complement32(int word) {
        return (~word >>> 16 & 0xFFFF) + (~word & 0xFFFF);
    }

    private static long plain32(int word) {
        return (word >>> 16) + (word & 0xFFFF);
    }

    private static int finish(long sum) {
        long s = sum;
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) (~s & 0xFFFF);
    }
}
