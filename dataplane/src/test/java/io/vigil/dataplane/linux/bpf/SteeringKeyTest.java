package io.vigil.dataplane.linux.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SteeringKeyTest {

    private static String key(InetAddress a, int port, int protocol, int kind) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment k = arena.allocate(SteeringKey.SIZE);
            k.fill((byte) 0x55); // every byte must be written
            SteeringKey.write(k, a, port, protocol, kind);
            return HexFormat.of().formatHex(k.toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void ipv4IsWrittenMappedWithThePortInNetworkOrder() throws Exception {
        assertEquals("00000000000000000000ffffc6120164" + "1f90" + "11" + "00",
                key(InetAddress.getByName("198.18.1.100"), 8080, 17, SteeringKey.SERVICE));
    }

    @Test
    void ipv6AndTheOtherKinds() throws Exception {
        assertEquals("fd000000000000000000000000000001" + "0050" + "06" + "01",
                key(InetAddress.getByName("fd00::1"), 80, 6, SteeringKey.NAT_REPLY));
        assertEquals("00000000000000000000ffffc6120001" + "0000" + "00" + "02",
                key(InetAddress.getByName("198.18.0.1"), 0, 0, SteeringKey.LOCAL));
    }

    @Test
    void theMappedWordMatchesWhatTheProgramStores() {
        // The program stores V4_MAPPED_WORD with a 32-bit little-endian store at key offset 8.
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment k = arena.allocate(4);
            k.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), 0, SteeringKey.V4_MAPPED_WORD);
            assertEquals("0000ffff", HexFormat.of().formatHex(k.toArray(ValueLayout.JAVA_BYTE)));
        }
    }
}
