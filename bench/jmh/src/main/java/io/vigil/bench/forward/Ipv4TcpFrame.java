package io.vigil.bench.forward;

import java.nio.ByteBuffer;

/**
 * Builds one Ethernet + IPv4 + TCP frame (RFC 791, RFC 9293) with both checksums right (RFC 1071), for the
 * benchmark to replay. Written apart from the dataplane's flyweights so that the benchmark does not feed the
 * forwarder what its own code wrote.
 *
 * <p>Threading: stateless.
 */
final class Ipv4TcpFrame {

    static final int SYN = 0x02;
    static final int ACK = 0x10;
    private static final int ETHERNET = 14;
    private static final int IPV4 = 20;
    private static final int TCP = 20;

    private Ipv4TcpFrame() {
    }

    /**
     * @param source      IPv4 source as a big-endian int
     * @param destination IPv4 destination as a big-endian int
     * @param payload     bytes of TCP payload after the header
     */
    static byte[] of(long dstMac, long srcMac, int source, int sourcePort, int destination, int destinationPort,
                     int flags, int payload) {
        int ipLength = IPV4 + TCP + payload;
        ByteBuffer b = ByteBuffer.allocate(ETHERNET + ipLength);
        b.putShort((short) (dstMac >>> 32)).putInt((int) dstMac);
        b.putShort((short) (srcMac >>> 32)).putInt((int) srcMac);
        b.putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) ipLength).putShort((short) 0x1234)
                .putShort((short) 0x4000).put((byte) 64).put((byte) 6).putShort((short) 0)
                .putInt(source).putInt(destination);
        b.putShort((short) sourcePort).putShort((short) destinationPort).putInt(1000)
                .putInt((flags & ACK) != 0 ? 2000 : 0).put((byte) 0x50).put((byte) flags)
                .putShort((short) 65535).putShort((short) 0).putShort((short) 0);
        for (int i = 0; i < payload; i++) {
            b.put((byte) i);
        }
        byte[] f = b.array();
        b.putShort(ETHERNET + 10, (short) checksum(f, ETHERNET, IPV4, 0));
        long pseudo = (source >>> 16) + (source & 0xFFFF) + (destination >>> 16) + (destination & 0xFFFF)
                + 6 + TCP + payload;
        b.putShort(ETHERNET + IPV4 + 16, (short) checksum(f, ETHERNET + IPV4, TCP + payload, pseudo));
        return f;
    }

    /** A dotted IPv4 address as a big-endian int. */
    static int address(String dotted) {
        int a = 0;
        for (String part : dotted.split("\\.")) {
            a = (a << 8) | Integer.parseInt(part);
        }
        return a;
    }

    private static int checksum(byte[] f, int offset, int length, long sum) {
        for (int i = 0; i + 1 < length; i += 2) {
            sum += ((f[offset + i] & 0xFF) << 8) | (f[offset + i + 1] & 0xFF);
        }
        if ((length & 1) != 0) {
            sum += (f[offset + length - 1] & 0xFF) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }
}
