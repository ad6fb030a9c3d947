package io.vigil.dataplane.linux.bpf;

import static io.vigil.dataplane.linux.bpf.BpfOpcodes.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The encoding against bytes the kernel's own macros produce (linux/filter.h, RFC 9669 examples). */
class BpfProgramBuilderTest {

    private static String hex(List<BpfInstruction> program) {
        StringBuilder s = new StringBuilder();
        for (BpfInstruction i : program) {
            s.append(HexFormat.of().formatHex(i.bytes())).append(' ');
        }
        return s.toString().strip();
    }

    @Test
    void returnPassEncodesAsTheKernelsMovAndExit() {
        // BPF_MOV64_IMM(BPF_REG_0, XDP_PASS), BPF_EXIT_INSN()
        assertEquals("b700000002000000 9500000000000000",
                hex(new BpfProgramBuilder().mov64Imm(R0, XDP_PASS).exit().build()));
    }

    @Test
    void registersGoSourceInTheHighNibbleAndOffsetsLittleEndian() {
        assertArrayEquals(HexFormat.of().parseHex("bf16000000000000"),
                new BpfProgramBuilder().mov64Reg(R6, R1).build().get(0).bytes(), "r6 = r1");
        assertArrayEquals(HexFormat.of().parseHex("6162040000000000"),
                new BpfProgramBuilder().loadMem(W, R2, R6, 4).build().get(0).bytes(), "r2 = *(u32 *)(r6 + 4)");
        assertArrayEquals(HexFormat.of().parseHex("638af8ff00000000"),
                new BpfProgramBuilder().storeMem(W, R10, -8, R8).build().get(0).bytes(), "*(u32 *)(r10 - 8) = r8");
        assertArrayEquals(HexFormat.of().parseHex("6a0afcff00000000"),
                new BpfProgramBuilder().storeImm(H, R10, -4, 0).build().get(0).bytes(), "*(u16 *)(r10 - 4) = 0");
        assertArrayEquals(HexFormat.of().parseHex("07020000f8ffffff"),
                new BpfProgramBuilder().alu64Imm(ADD, R2, -8).build().get(0).bytes(), "r2 += -8");
        assertArrayEquals(HexFormat.of().parseHex("8500000033000000"),
                new BpfProgramBuilder().call(HELPER_REDIRECT_MAP).build().get(0).bytes(), "call bpf_redirect_map");
    }

    @Test
    void aMapLoadTakesTwoSlotsWithThePseudoSource() {
        assertEquals("1811000007000000 0000000000000000",
                hex(new BpfProgramBuilder().loadMapFd(R1, 7).build()), "r1 = map fd 7 (BPF_LD_MAP_FD)");
    }

    @Test
    void jumpsCountTheSlotsAfterThemForwardAndBackward() {
        List<BpfInstruction> p = new BpfProgramBuilder()
                .label("top")
                .jumpReg(JGT, R4, R3, "out")    // slot 0 -> 4: offset 3
                .loadMapFd(R1, 3)               // slots 1, 2
                .jumpImm(JNE, R5, 8, "top")     // slot 3 -> 0: offset -4
                .label("out")
                .exit()
                .build();
        assertEquals("2d34030000000000", HexFormat.of().formatHex(p.get(0).bytes()));
        assertEquals("5505fcff08000000", HexFormat.of().formatHex(p.get(3).bytes()));
        assertEquals(3, p.get(0).offset());
    }

    @Test
    void aMissingOrDuplicateLabelIsAnErrorThatNamesIt() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> new BpfProgramBuilder().jump("nowhere").exit().build());
        assertTrue(missing.getMessage().contains("'nowhere'"), missing.getMessage());
        IllegalStateException twice = assertThrows(IllegalStateException.class,
                () -> new BpfProgramBuilder().label("a").exit().label("a"));
        assertTrue(twice.getMessage().contains("'a' placed twice"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BpfInstruction(0x100, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new BpfInstruction(0xbf, 16, 0, 0, 0));
    }

    @Test
    void theSteeringProgramNamesBothMapsAndEndsEveryPathInExit() {
        List<BpfInstruction> p = XdpSteeringProgram.build(11, 12);
        long steeringLoads = p.stream().filter(i -> i.opcode() == (LD | DW | IMM) && i.immediate() == 11).count();
        long socketLoads = p.stream().filter(i -> i.opcode() == (LD | DW | IMM) && i.immediate() == 12).count();
        assertEquals(5, steeringLoads, "five lookups: service, service port 0, local, reply, reply port 0");
        assertEquals(1, socketLoads);
        assertEquals(JMP | EXIT, p.get(p.size() - 1).opcode());
        for (int pc = 0; pc < p.size(); pc++) {
            BpfInstruction i = p.get(pc);
            boolean jump = (i.opcode() & 0x07) == JMP && (i.opcode() & 0xf0) != CALL && (i.opcode() & 0xf0) != EXIT;
            if (jump) {
                int target = pc + 1 + i.offset();
                assertTrue(target > pc && target < p.size(), "slot " + pc + " jumps forward inside the program");
            }
        }
    }
}
