package io.vigil.director.tunnel;

import static io.vigil.director.tunnel.IpipPackets.address;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class IpipDecapsulatorTest {

    private final IpipDecapsulator decapsulator =
            new IpipDecapsulator(address(198, 18, 1, 100), address(198, 18, 1, 101));

    private IpipCheck check(byte[] packet, int length) {
        MemorySegment s = Arena.ofAuto().allocate(Math.max(1, packet.length));
        MemorySegment.copy(MemorySegment.ofArray(packet), 0, s, 0, packet.length);
        return decapsulator.check(s, length);
    }

    private IpipCheck check(Consumer<IpipPackets> change) {
        IpipPackets p = new IpipPackets();
        change.accept(p);
        byte[] bytes = p.build();
        return check(bytes, bytes.length);
    }

    @Test
    void aWellFormedPacketToAVipIsDeliveredWithItsInnerBounds() {
        assertEquals(IpipCheck.DELIVERED, check(p -> { }));
        assertEquals(20, decapsulator.innerOffset());
        assertEquals(32, decapsulator.innerLength());
        assertEquals(IpipCheck.DELIVERED, check(p -> p.innerDestination = address(198, 18, 1, 101)));
    }

    @Test
    void outerOptionsMoveTheInnerPacket() {
        assertEquals(IpipCheck.DELIVERED, check(p -> p.outerOptionWords = 2));
        assertEquals(28, decapsulator.innerOffset());
        assertEquals(32, decapsulator.innerLength());
    }

    @Test
    void innerOptionsAreChecksummedAndKept() {
        assertEquals(IpipCheck.DELIVERED, check(p -> p.innerIhl = 7));
        assertEquals(40, decapsulator.innerLength());
    }

    @Test
    void bytesAfterTheInnerTotalLengthAreNotDelivered() {
        assertEquals(IpipCheck.DELIVERED, check(p -> p.trailingBytes = 6));
        assertEquals(32, decapsulator.innerLength());
    }

    @Test
    void truncatedOuterHeader() {
        byte[] full = new IpipPackets().build();
        assertEquals(IpipCheck.TRUNCATED_OUTER, check(full, 19));
        assertEquals(IpipCheck.TRUNCATED_OUTER, check(full, 0));
        assertEquals(IpipCheck.TRUNCATED_OUTER, check(p -> p.outerTotalLengthDelta = 1));
    }

    @Test
    void badOuterHeader() {
        assertEquals(IpipCheck.BAD_OUTER_HEADER, check(p -> p.outerVersion = 6));
        byte[] shortIhl = new IpipPackets().build();
        shortIhl[0] = 0x44;
        assertEquals(IpipCheck.BAD_OUTER_HEADER, check(shortIhl, shortIhl.length));
        byte[] longIhl = new IpipPackets().build();
        longIhl[0] = 0x4f;
        assertEquals(IpipCheck.BAD_OUTER_HEADER, check(longIhl, 40));
    }

    @Test
    void notIpip() {
        assertEquals(IpipCheck.NOT_IPIP, check(p -> p.outerProtocol = 41));
    }

    @Test
    void truncatedInnerPacket() {
        byte[] full = new IpipPackets().build();
        assertEquals(IpipCheck.TRUNCATED_INNER, check(cut(full, 30), 30), "10 inner bytes");
        assertEquals(IpipCheck.TRUNCATED_INNER, check(cut(full, full.length - 1), full.length - 1),
                "cut inside the payload");
        assertEquals(IpipCheck.TRUNCATED_INNER, check(p -> p.innerTotalLengthDelta = 1));
        assertEquals(IpipCheck.TRUNCATED_INNER, check(p -> {
            p.innerIhl = 15;
            p.outerTotalLengthDelta = -50;
        }), "outer Total Length cuts the inner header");
        assertEquals(IpipCheck.TRUNCATED_INNER, check(p -> p.outerTotalLengthDelta = -40),
                "outer Total Length below its own header");
    }

    /** The first {@code length} bytes, with the outer Total Length saying so (as an encapsulator would send them). */
    private static byte[] cut(byte[] packet, int length) {
        byte[] out = java.util.Arrays.copyOf(packet, length);
        out[2] = (byte) (length >>> 8);
        out[3] = (byte) length;
        return out;
    }

    @Test
    void badInnerHeader() {
        assertEquals(IpipCheck.BAD_INNER_VERSION, check(p -> p.innerVersion = 6));
        assertEquals(IpipCheck.BAD_INNER_HEADER, check(p -> p.innerIhl = 4));
        assertEquals(IpipCheck.BAD_INNER_HEADER, check(p -> p.innerTotalLengthDelta = -20));
        assertEquals(IpipCheck.BAD_INNER_CHECKSUM, check(p -> p.breakChecksum = true));
    }

    @Test
    void innerDestinationMustBeAVip() {
        assertEquals(IpipCheck.NOT_A_VIP, check(p -> p.innerDestination = address(198, 18, 1, 200)));
        assertEquals(IpipCheck.NOT_A_VIP, check(p -> p.innerDestination = address(198, 18, 0, 3)));
    }

    @Test
    void randomBytesNeverThrowAndDeliveredBoundsStayInside() {
        Random random = new Random(8);
        byte[] valid = new IpipPackets().build();
        for (int i = 0; i < 20_000; i++) {
            byte[] packet = i % 2 == 0 ? new byte[random.nextInt(80)] : valid.clone();
            if (i % 2 == 0) {
                random.nextBytes(packet);
            } else {
                packet[random.nextInt(packet.length)] = (byte) random.nextInt(256);
            }
            int length = random.nextInt(packet.length + 1);
            IpipCheck result = check(packet, length);
            if (result == IpipCheck.DELIVERED) {
                assertTrue(decapsulator.innerOffset() + decapsulator.innerLength() <= length);
            }
        }
    }

    @Test
    void checkingAllocatesNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] bytes = new IpipPackets().build();
        MemorySegment packet = Arena.ofAuto().allocate(bytes.length);
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, packet, 0, bytes.length);
        for (int i = 0; i < 200_000; i++) {
            decapsulator.check(packet, bytes.length);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        int delivered = 0;
        for (int i = 0; i < 100_000; i++) {
            delivered += decapsulator.check(packet, bytes.length) == IpipCheck.DELIVERED ? 1 : 0;
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(100_000, delivered);
        assertTrue(allocated < 1_000, allocated + " bytes allocated by 100000 checks");
    }
}
