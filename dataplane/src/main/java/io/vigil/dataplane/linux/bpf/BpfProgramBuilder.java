package io.vigil.dataplane.linux.bpf;

import static io.vigil.dataplane.linux.bpf.BpfOpcodes.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an eBPF program instruction by instruction, with jumps to named labels resolved at {@link #build()}
 * (a jump's offset counts the slots after it: {@code target - (pc + 1)}, RFC 9669 §4.3). Method names follow the
 * kernel's instruction macros (linux/filter.h). Not thread-safe: one builder per program.
 */
public final class BpfProgramBuilder {

    private final List<BpfInstruction> slots = new ArrayList<>();
    private final Map<String, Integer> labels = new HashMap<>();
    /** Slot index of each jump still to resolve, and its label. */
    private final Map<Integer, String> fixups = new HashMap<>();

    /** Places {@code name} at the next instruction. */
    public BpfProgramBuilder label(String name) {
        if (labels.putIfAbsent(name, slots.size()) != null) {
            throw new IllegalStateException("label '" + name + "' placed twice (slots " + labels.get(name) + " and "
                    + slots.size() + ")");
        }
        return this;
    }

    /** {@code dst = src} (64-bit). */
    public BpfProgramBuilder mov64Reg(int dst, int src) {
        return add(new BpfInstruction(ALU64 | MOV | X, dst, src, 0, 0));
    }

    /** {@code dst = imm} (64-bit, sign-extended). */
    public BpfProgramBuilder mov64Imm(int dst, int imm) {
        return add(new BpfInstruction(ALU64 | MOV | K, dst, 0, 0, imm));
    }

    /** {@code dst OP= imm} (64-bit) for {@code op} one of ADD, SUB, AND, OR, LSH, RSH. */
    public BpfProgramBuilder alu64Imm(int op, int dst, int imm) {
        return add(new BpfInstruction(ALU64 | op | K, dst, 0, 0, imm));
    }

    /** {@code dst OP= src} (64-bit). */
    public BpfProgramBuilder alu64Reg(int op, int dst, int src) {
        return add(new BpfInstruction(ALU64 | op | X, dst, src, 0, 0));
    }

    /** {@code dst = *(size *)(src + offset)}, size one of W, H, B, DW. */
    public BpfProgramBuilder loadMem(int size, int dst, int src, int offset) {
        return add(new BpfInstruction(LDX | size | MEM, dst, src, offset, 0));
    }

    /** {@code *(size *)(dst + offset) = src}. */
    public BpfProgramBuilder storeMem(int size, int dst, int offset, int src) {
        return add(new BpfInstruction(STX | size | MEM, dst, src, offset, 0));
    }

    /** {@code *(size *)(dst + offset) = imm}. */
    public BpfProgramBuilder storeImm(int size, int dst, int offset, int imm) {
        return add(new BpfInstruction(ST | size | MEM, dst, 0, offset, imm));
    }

    /** {@code dst = map} (two slots): the map's descriptor, which the kernel replaces by the map's address. */
    public BpfProgramBuilder loadMapFd(int dst, int mapFd) {
        add(new BpfInstruction(LD | DW | IMM, dst, PSEUDO_MAP_FD, 0, mapFd));
        return add(new BpfInstruction(0, 0, 0, 0, 0));
    }

    /** {@code if dst OP imm goto label} for {@code op} one of JEQ, JNE, JGT, JGE, JLT, JLE. */
    public BpfProgramBuilder jumpImm(int op, int dst, int imm, String label) {
        fixups.put(slots.size(), label);
        return add(new BpfInstruction(JMP | op | K, dst, 0, 0, imm));
    }

    /** {@code if dst OP src goto label}. */
    public BpfProgramBuilder jumpReg(int op, int dst, int src, String label) {
        fixups.put(slots.size(), label);
        return add(new BpfInstruction(JMP | op | X, dst, src, 0, 0));
    }

    /** {@code goto label}. */
    public BpfProgramBuilder jump(String label) {
        fixups.put(slots.size(), label);
        return add(new BpfInstruction(JMP | JA, 0, 0, 0, 0));
    }

    /** Calls helper {@code id} (arguments in r1–r5, result in r0). */
    public BpfProgramBuilder call(int helper) {
        return add(new BpfInstruction(JMP | CALL, 0, 0, 0, helper));
    }

    /** Returns r0. */
    public BpfProgramBuilder exit() {
        return add(new BpfInstruction(JMP | EXIT, 0, 0, 0, 0));
    }

    /** Slots so far. */
    public int size() {
        return slots.size();
    }

    /**
     * The program with every jump resolved.
     *
     * @throws IllegalStateException naming a label that was jumped to but never placed, or one out of reach
     */
    public List<BpfInstruction> build() {
        List<BpfInstruction> out = new ArrayList<>(slots);
        for (Map.Entry<Integer, String> f : fixups.entrySet()) {
            Integer target = labels.get(f.getValue());
            if (target == null) {
                throw new IllegalStateException("jump at slot " + f.getKey() + " to label '" + f.getValue()
                        + "', which was never placed");
            }
            int distance = target - (f.getKey() + 1);
            if (distance < Short.MIN_VALUE || distance > Short.MAX_VALUE) {
                throw new IllegalStateException("jump at slot " + f.getKey() + " to '" + f.getValue() + "' spans "
                        + distance + " slots, more than a 16-bit offset holds");
            }
            BpfInstruction j = out.get(f.getKey());
            out.set(f.getKey(), new BpfInstruction(j.opcode(), j.dst(), j.src(), distance, j.immediate()));
        }
        return List.copyOf(out);
    }

    private BpfProgramBuilder add(BpfInstruction instruction) {
        slots.add(instruction);
        return this;
    }
}
