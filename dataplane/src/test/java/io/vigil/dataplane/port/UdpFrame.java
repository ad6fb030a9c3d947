package io.vigil.dataplane.port;

import io.vigil.dataplane.packet.InternetChecksum;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.nio.ByteOrder;

/**
 * Writes an Ethernet + IPv4 + UDP frame (UDP checksum 0, RFC 768 "no checksum") for the port tests: what a
 * forwarder would hand to {@link PacketPort#transmit}.
 */
final class UdpFrame {

    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final int HEADERS = 14 + 20 + 8;

    private UdpFrame() {
    }

    /** Writes the frame at offset 0 of {@code s}; returns its length. */
    static int write(MemorySegment s, long srcMac, long dstMac, InetAddress src, InetAddress dst, int srcPort,
            int dstPort, byte[] payload) {
        putMac(s, 0, dstMac);
        putMac(s, 6, srcMac);
        s.set(U16, 12, (short) 0x0800);
        int ipLength = 20 + 8 + payload.length;
        s.set(ValueLayout.JAVA_BYTE, 14, (byte) 0x45);
        s.set(ValueLayout.JAVA_BYTE, 15, (byte) 0);
        s.set(U16, 16, (short) ipLength);
        s.set(U32, 18, 0x4000); // id 0, DF
        s.set(ValueLayout.JAVA_BYTE, 22, (byte) 64);
        s.set(ValueLayout.JAVA_BYTE, 23, (byte) 17);
        s.set(U16, 24, (short) 0);
        MemorySegment.copy(src.getAddress(), 0, s, ValueLayout.JAVA_BYTE, 26, 4);
        MemorySegment.copy(dst.getAddress(), 0, s, ValueLayout.JAVA_BYTE, 30, 4);
        s.set(U16, 24, (short) InternetChecksum.compute(s, 14, 20));
        s.set(U16, 34, (short) srcPort);
        s.set(U16, 36, (short) dstPort);
        s.set(U16, 38, (short) (8 + payload.length));
        s.set(U16, 40, (short) 0);
        MemorySegment.copy(payload, 0, s, ValueLayout.JAVA_BYTE, HEADERS, payload.length);
        return HEADERS + payload.length;
    }

    private static void putMac(MemorySegment s, long at, long mac) {
        for (int i = 0; i < 6; i++) {
            s.set(ValueLayout.JAVA_BYTE, at + i, (byte) (mac >>> (40 - 8 * i)));
        }
    }

    /** Whether the frame at {@code offset} is IPv4/UDP to {@code port}. */
    static boolean isUdpTo(MemorySegment s, long offset, int length, int port) {
        return length >= HEADERS && (s.get(U16, offset + 12) & 0xffff) == 0x0800
                && s.get(ValueLayout.JAVA_BYTE, offset + 23) == 17 && (s.get(U16, offset + 36) & 0xffff) == port;
    }
}
