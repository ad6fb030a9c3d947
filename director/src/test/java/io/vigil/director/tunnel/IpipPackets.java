package io.vigil.director.tunnel;

import io.vigil.dataplane.packet.InternetChecksum;
import java.nio.ByteBuffer;

/**
 * Builds IPIP packets as a raw IPv4 socket delivers them (outer header first) for the tests: an outer IPv4 header
 * with protocol 4, an inner IPv4 header with a correct checksum, and a payload. Fields are public so that a test
 * can break exactly one.
 */
final class IpipPackets {

    int outerVersion = 4;
    int outerOptionWords;
    int outerProtocol = 4;
    int outerTotalLengthDelta;
    int innerVersion = 4;
    int innerIhl = 5;
    int innerTotalLengthDelta;
    int innerSource = address(198, 18, 0, 1);
    int innerDestination = address(198, 18, 1, 100);
    boolean breakChecksum;
    int payloadBytes = 12;
    int trailingBytes;

    static int address(int a, int b, int c, int d) {
        return a << 24 | b << 16 | c << 8 | d;
    }

    /** The packet bytes. */
    byte[] build() {
        int outerHeader = 20 + 4 * outerOptionWords;
        int innerHeader = Math.max(innerIhl, 5) * 4;
        int innerTotal = innerHeader + payloadBytes;
        ByteBuffer b = ByteBuffer.allocate(outerHeader + innerTotal + trailingBytes);
        b.put((byte) (outerVersion << 4 | (outerHeader / 4))).put((byte) 0)
                .putShort((short) (outerHeader + innerTotal + trailingBytes + outerTotalLengthDelta))
                .putInt(0).put((byte) 64).put((byte) outerProtocol).putShort((short) 0)
                .putInt(address(198, 18, 0, 2)).putInt(address(198, 18, 0, 3));
        for (int i = 0; i < outerOptionWords; i++) {
            b.putInt(0x01010101);
        }
        int inner = b.position();
        b.put((byte) (innerVersion << 4 | innerIhl)).put((byte) 0)
                .putShort((short) (innerTotal + innerTotalLengthDelta)).putInt(0).put((byte) 63).put((byte) 6)
                .putShort((short) 0).putInt(innerSource).putInt(innerDestination);
        while (b.position() < inner + innerHeader) {
            b.put((byte) 1);
        }
        int checksum = InternetChecksum.compute(java.lang.foreign.MemorySegment.ofArray(b.array()), inner, innerHeader);
        b.putShort(inner + 10, (short) (breakChecksum ? checksum ^ 0x0101 : checksum));
        for (int i = 0; i < payloadBytes + trailingBytes; i++) {
            b.put((byte) i);
        }
        return b.array();
    }
}
