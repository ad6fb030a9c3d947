package io.vigil.dataplane.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * A minimal VRRPv3 advertisement builder for the lab tests (RFC 5798 §5.1), checksummed over the IPv4 or IPv6
 * pseudo-header (§5.2.8). The VRRP module has the real codec; this one exists so the Linux layer can be tested
 * alone.
 */
final class VrrpV3Advert {

    private VrrpV3Advert() {
    }

    /** Version 3, type 1 (advertisement), one address, interval in centiseconds; checksum optionally corrupted. */
    static byte[] build(int vrid, int priority, int intervalCentis, InetAddress source, InetAddress destination,
            InetAddress vip, boolean corruptChecksum) {
        byte[] address = vip.getAddress();
        ByteBuffer vrrp = ByteBuffer.allocate(8 + address.length);
        vrrp.put((byte) (3 << 4 | 1)).put((byte) vrid).put((byte) priority).put((byte) 1)
                .putShort((short) (intervalCentis & 0x0fff)).putShort((short) 0).put(address);
        byte[] message = vrrp.array();
        int checksum = checksum(pseudoHeader(source, destination, message.length), message);
        if (corruptChecksum) {
            checksum ^= 0x00ff;
        }
        message[6] = (byte) (checksum >> 8);
        message[7] = (byte) checksum;
        return message;
    }

    static MemorySegment toNative(Arena arena, byte[] message) {
        return arena.allocateFrom(ValueLayout.JAVA_BYTE, message);
    }

    private static byte[] pseudoHeader(InetAddress source, InetAddress destination, int length) {
        if (source instanceof Inet6Address) {
            // RFC 8200 §8.1: source, destination, upper-layer length (32 bits), 3 zero bytes, next header.
            return ByteBuffer.allocate(40).put(source.getAddress()).put(destination.getAddress())
                    .putInt(length).put(new byte[3]).put((byte) SocketOptions.IPPROTO_VRRP).array();
        }
        // RFC 768 style IPv4 pseudo-header: source, destination, zero, protocol, length.
        return ByteBuffer.allocate(12).put(source.getAddress()).put(destination.getAddress())
                .put((byte) 0).put((byte) SocketOptions.IPPROTO_VRRP).putShort((short) length).array();
    }

    /** RFC 1071 one's-complement sum over the pseudo-header then the message. */
    static int checksum(byte[] pseudoHeader, byte[] message) {
        long sum = 0;
        for (byte[] part : new byte[][] {pseudoHeader, message}) {
            for (int i = 0; i < part.length; i += 2) {
                int high = part[i] & 0xff;
                int low = i + 1 < part.length ? part[i + 1] & 0xff : 0;
                sum += high << 8 | low;
            }
        }
        while (sum >> 16 != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }
}
