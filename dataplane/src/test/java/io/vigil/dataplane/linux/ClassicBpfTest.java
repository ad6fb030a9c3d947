package io.vigil.dataplane.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** sock_filter and sock_fprog as linux/filter.h lays them out, and the builder's jump resolution. */
class ClassicBpfTest {

    @Test
    void instructionsAreEightOctetsInHostOrderBehindASixteenOctetSockFprog() {
        ClassicBpf.Builder b = ClassicBpf.builder();
        int yes = b.label();
        int no = b.label();
        b.op(ClassicBpf.LD | ClassicBpf.W | ClassicBpf.ABS, ClassicBpf.LOAD_PROTOCOL);
        b.jumpIfEqual(0x0800, yes, no);
        b.op(ClassicBpf.LD | ClassicBpf.IMM, 5);
        b.place(yes).op(ClassicBpf.RET | ClassicBpf.A, 0);
        b.place(no).op(ClassicBpf.RET | ClassicBpf.K, 0);
        ClassicBpf p = b.build();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fprog = p.toSockFprog(arena);
            assertEquals(16, fprog.byteSize());
            assertEquals(5, fprog.get(JAVA_SHORT, 0));
            MemorySegment filter = fprog.get(ADDRESS, 8).reinterpret(5 * 8);
            assertEquals(0x20, filter.get(JAVA_SHORT, 0));
            assertEquals(-0x1000, filter.get(JAVA_INT, 4));
            assertEquals(0x15, filter.get(JAVA_SHORT, 8));
            assertEquals(1, filter.get(JAVA_BYTE, 10), "jt skips the load");
            assertEquals(2, filter.get(JAVA_BYTE, 11), "jf skips the load and the first return");
            assertEquals(0x0800, filter.get(JAVA_INT, 12));
            assertEquals(0x16, filter.get(JAVA_SHORT, 24));
            assertEquals(0x06, filter.get(JAVA_SHORT, 32));
        }
    }
}
