package io.vigil.dataplane.packet;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HexFormat;

/**
 * Hand-built packets for the flyweight tests. The checksums in them were computed by an independent implementation
 * (a Python RFC 1071 sum over the same bytes), not by the code under test.
 */
final class Packets {

    /** IPv4 TCP SYN 198.18.0.1:40000 -> 198.18.0.10:80, DF, TTL 64, id 0x1c46, seq 0x01020304, window 64240. */
    static final String V4_TCP_SYN = "450000281c4640004006925ac6120001c612000a"
            + "9c40005001020304000000005002faf0882b0000";
    /** IPv4 UDP 198.18.0.1:5353 -> 198.18.0.10:53, "hello", no DF. */
    static final String V4_UDP = "450000211c4600004011d256c6120001c612000a" + "14e90035000d1ab468656c6c6f";
    /** IPv6 TCP SYN-ACK [fd00::1]:40000 -> [fd00::10]:80, traffic class 0x12, flow 0x34567, data "abc". */
    static final String V6_TCP = "6123456700170640fd000000000000000000000000000001fd000000000000000000000000000010"
            + "9c4000500a0b0c0d112233445012fffffa4b0000616263";
    /** IPv6 UDP [fd00::1]:5353 -> [fd00::10]:53, "hello". */
    static final String V6_UDP = "61234567000d1140fd000000000000000000000000000001fd000000000000000000000000000010"
            + "14e90035000dacd168656c6c6f";

    private Packets() {
    }

    static MemorySegment segment(String hex) {
        return MemorySegment.ofArray(HexFormat.of().parseHex(hex));
    }

    /** {@code prefix} octets of zeros (room for a frame header) followed by {@code hex}. */
    static MemorySegment segment(int prefix, String hex) {
        byte[] packet = HexFormat.of().parseHex(hex);
        byte[] all = new byte[prefix + packet.length];
        System.arraycopy(packet, 0, all, prefix, packet.length);
        return MemorySegment.ofArray(all);
    }

    static String hex(MemorySegment segment, long offset, long length) {
        return HexFormat.of().formatHex(segment.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE));
    }
}
