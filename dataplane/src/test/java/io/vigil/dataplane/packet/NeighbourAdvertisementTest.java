package io.vigil.dataplane.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class NeighbourAdvertisementTest {

    private static final MacAddress MAC = MacAddress.parse("aa:12:10:c3:1e:9b");

    private static Inet6Address vip() throws Exception {
        return (Inet6Address) InetAddress.getByName("fd00:198:18::100");
    }

    private static byte[] write(boolean router) throws Exception {
        MemorySegment frame = MemorySegment.ofArray(new byte[128]);
        int length = new NeighbourAdvertisement().write(frame, MAC, vip(), router);
        assertEquals(86, length);
        return frame.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE);
    }

    /**
     * RFC 4443 §2.3 / RFC 8200 §8.1 computed from scratch: the pseudo-header (source, destination, 32-bit length,
     * three zero bytes, next header 58) followed by the ICMPv6 message with its checksum field zeroed, summed as
     * 16-bit big-endian words in ones' complement and complemented.
     */
    private static int expectedChecksum(byte[] frame) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.write(frame, 14 + 8, 16);                      // IPv6 source
        data.write(frame, 14 + 24, 16);                     // IPv6 destination
        int length = frame.length - 14 - 40;
        data.writeBytes(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
        data.writeBytes(new byte[] {0, 0, 0, 58});
        byte[] icmp = Arrays.copyOfRange(frame, 54, frame.length);
        icmp[2] = 0;
        icmp[3] = 0;
        data.writeBytes(icmp);
        byte[] all = data.toByteArray();
        int sum = 0;
        for (int i = 0; i < all.length; i += 2) {
            sum += (all[i] & 0xff) << 8 | (all[i + 1] & 0xff);
        }
        while (sum > 0xffff) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return ~sum & 0xffff;
    }

    @Test
    void frameIsKeepalivedsUnsolicitedNeighbourAdvertisement() throws Exception {
        byte[] frame = write(false);
        String expected = "333300000001" + "aa1210c31e9b" + "86dd"                 // Ethernet: ff02::1's MAC, ours, IPv6
                + "60000000" + "0020" + "3a" + "ff"                                 // v6, payload 32, ICMPv6, hop limit 255
                + "fd000198001800000000000000000100"                                // source: the VIP
                + "ff020000000000000000000000000001"                                // destination: all nodes
                + "88" + "00" + "7dcd" + "20000000"                                  // NA, code 0, checksum, Override only
                + "fd000198001800000000000000000100"                                // target: the VIP
                + "02" + "01" + "aa1210c31e9b";                                      // target link-layer address option
        assertEquals(expected, HexFormat.of().formatHex(frame));
        assertEquals(0x7dcd, expectedChecksum(frame));
    }

    @Test
    void routerFlagIsSetOnlyWhenAsked() throws Exception {
        byte[] frame = write(true);
        assertEquals("a0000000", HexFormat.of().formatHex(frame, 58, 62));
        int stored = (frame[56] & 0xff) << 8 | (frame[57] & 0xff);
        assertEquals(expectedChecksum(frame), stored);
        assertEquals(0xfdcc, stored);
    }

    @Test
    void checksumVerifiesToZeroAndDetectsAFlippedBit() throws Exception {
        byte[] frame = write(false);
        MemorySegment segment = MemorySegment.ofArray(frame);
        assertEquals(0, NeighbourAdvertisement.checksum(segment, 14));
        frame[70] ^= 0x01; // a bit of the target address
        assertNotEquals(0x7dcd, expectedChecksum(frame));
        assertNotEquals(0, NeighbourAdvertisement.checksum(segment, 14));
    }

    @Test
    void tooSmallBufferIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NeighbourAdvertisement()
                .write(MemorySegment.ofArray(new byte[85]), MAC, vip(), false));
        assertEquals("buffer of 85 bytes, a neighbour advertisement needs 86", e.getMessage());
    }
}
