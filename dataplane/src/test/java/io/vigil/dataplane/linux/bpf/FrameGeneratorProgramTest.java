package io.vigil.dataplane.linux.bpf;

import static io.vigil.dataplane.linux.bpf.BpfOpcodes.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generator program: bounds check, the frame as little-endian word stores in order, XDP_TX; drop when short. */
class FrameGeneratorProgramTest {

    @Test
    void writesTheFrameWordByWordThenTransmits() {
        byte[] frame = new byte[16];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (byte) (0x10 + i);
        }
        List<BpfInstruction> p = FrameGeneratorProgram.build(frame);
        assertEquals(5 + 4 + 4, p.size(), "5 of bounds check, 4 stores, return XDP_TX, return XDP_DROP");
        // r4 = r2 + 16; if r4 > r3 goto drop (the drop is 4 stores and 2 slots of XDP_TX further)
        assertEquals(new BpfInstruction(ALU64 | ADD | K, R4, 0, 0, 16), p.get(3));
        assertEquals(new BpfInstruction(JMP | JGT | X, R4, R3, 6, 0), p.get(4));
        // *(u32 *)(r2 + 0) = 0x13121110: the first four bytes of the frame, little endian
        assertEquals("6202000010111213", HexFormat.of().formatHex(p.get(5).bytes()));
        assertEquals(new BpfInstruction(ST | W | MEM, R2, 0, 12, 0x1f1e1d1c), p.get(8));
        assertEquals(new BpfInstruction(ALU64 | MOV | K, R0, 0, 0, XDP_TX), p.get(9));
        assertEquals(new BpfInstruction(ALU64 | MOV | K, R0, 0, 0, XDP_DROP), p.get(11));
    }

    @Test
    void refusesFramesThatAreNotWholeWordsOrTooShort() {
        assertThrows(IllegalArgumentException.class, () -> FrameGeneratorProgram.build(new byte[12]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FrameGeneratorProgram.build(new byte[62]));
        assertEquals("frame of 62 bytes, expected at least 14 (an Ethernet header) and a multiple of 4", e.getMessage());
    }
}
