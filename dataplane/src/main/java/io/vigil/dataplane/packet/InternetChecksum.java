package io.vigil.dataplane.packet;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The Internet checksum: the 16-bit one's complement of the one's complement sum of the data taken as big-endian
 * 16-bit words, an odd last byte padded with zero (RFC 1071 §1, used by ICMP per RFC 792 "Checksum"). Stateless.
 */
public final class InternetChecksum {

    private InternetChecksum() {
    }

    /** The checksum of {@code length} bytes at {@code offset}; 0 means a message that carries its checksum verifies. */
    public static int compute(MemorySegment segment, long offset, long length) {
        long sum = 0;
        long i = 0;
        for (; i + 1 < length; i += 2) {
            sum += ((segment.get(ValueLayout.JAVA_BYTE, offset + i) & 0xff) << 8)
                    | (segment.get(ValueLayout.JAVA_BYTE, offset + i + 1) & 0xff);
        }
        if (i < length) {
            sum += (segment.get(ValueLayout.JAVA_BYTE, offset + i) & 0xff) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }
}
