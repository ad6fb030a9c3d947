package io.vigil.dataplane.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class InternetChecksumTest {

    @Test
    void rfc1071NumericalExample() {
        // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum to ddf2 (with carries); the checksum is its complement.
        byte[] data = {0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5, (byte) 0xf6, (byte) 0xf7};
        assertEquals(0x220d, InternetChecksum.finish(InternetChecksum.accumulate(0, MemorySegment.ofArray(data), 0, 8)));
    }

    @Test
    void oddLengthPadsTheLastByteWithZero() {
        byte[] odd = {0x12, 0x34, 0x56};
        byte[] even = {0x12, 0x34, 0x56, 0x00};
        assertEquals(InternetChecksum.finish(InternetChecksum.accumulate(0, MemorySegment.ofArray(even), 0, 4)),
                InternetChecksum.finish(InternetChecksum.accumulate(0, MemorySegment.ofArray(odd), 0, 3)));
    }

    @Test
    void wordsAddLikeTheirBytes() {
        byte[] bytes = {(byte) 0xc6, 0x12, 0x00, 0x01, (byte) 0xe0, 0, 0, 0x12};
        long fromBytes = InternetChecksum.accumulate(0, MemorySegment.ofArray(bytes), 0, 8);
        assertEquals(InternetChecksum.finish(fromBytes), InternetChecksum.finish(InternetChecksum.accumulate(0, 0xc6120001e0000012L)));
        assertEquals(InternetChecksum.finish(fromBytes),
                InternetChecksum.finish(InternetChecksum.accumulate(InternetChecksum.accumulate(0, 0xc6120001), 0xe0000012)));
    }
}
