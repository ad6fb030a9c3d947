package io.vigil.dataplane.packet;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The Internet checksum of RFC 1071: the ones' complement of the ones' complement sum of 16-bit big-endian words.
 *
 * <p>Use it in two steps so that a pseudo-header and the message can be summed separately without copying:
 * {@code finish(accumulate(accumulate(0, pseudo...), message...))}. A message whose checksum field holds a correct
 * value sums to {@code 0} after {@link #finish(long)}. Stateless and thread-safe; allocates nothing.
 */
public final class InternetChecksum {

    private static final ValueLayout.OfShort U16 =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private InternetChecksum() {
    }

    /**
     * Adds the bytes {@code [offset, offset + length)} of {@code segment} as 16-bit big-endian words; an odd final
     * byte is padded with a zero byte (RFC 1071 §4.1).
     */
    public static long accumulate(long sum, MemorySegment segment, long offset, long length) {
        long acc = sum;
        long i = 0;
        for (; i + 1 < length; i += 2) {
            acc += Short.toUnsignedInt(segment.get(U16, offset + i));
        }
        if (i < length) {
            acc += (segment.get(ValueLayout.JAVA_BYTE, offset + i) & 0xff) << 8;
        }
        return acc;
    }

    /** Adds a 32-bit word, such as an IPv4 address, as two 16-bit words. */
    public static long accumulate(long sum, int word) {
        return sum + (word >>> 16) + (word & 0xffff);
    }

    /** Adds a 64-bit word, such as half of an IPv6 address, as four 16-bit words. */
    public static long accumulate(long sum, long word) {
        return accumulate(accumulate(sum, (int) (word >>> 32)), (int) word);
    }

    /**
     * The checksum of {@code length} bytes at {@code offset} (ICMP, RFC 792 "Checksum"): 0 means a message that
     * carries its checksum verifies.
     */
    public static int compute(MemorySegment segment, long offset, long length) {
        return finish(accumulate(0, segment, offset, length));
    }

    /** Folds the carries into 16 bits and complements: the value to store in a checksum field. */
    public static int finish(long sum) {
        long s = sum;
        while ((s >>> 16) != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) (~s & 0xffff);
    }
}
