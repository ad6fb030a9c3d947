package io.vigil.dataplane.linux.bpf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One eBPF instruction slot as the kernel reads it ({@code struct bpf_insn}, linux/bpf.h; RFC 9669 §3), 8 bytes,
 * little endian on x86_64:
 * <pre>
 *  0        1        2                 4                                  8
 * +--------+--------+-----------------+----------------------------------+
 * | opcode |src|dst |  offset (s16)   |         immediate (s32)          |
 * +--------+--------+-----------------+----------------------------------+
 * </pre>
 * The register byte holds the source register in its high nibble and the destination in its low nibble. A 64-bit
 * immediate load ({@code BPF_LD | BPF_DW | BPF_IMM}) takes two slots. Immutable.
 *
 * @param opcode    the opcode byte: class | size/mode | source, or class | operation | source
 * @param dst       destination register, 0–10
 * @param src       source register 0–10, or a pseudo source (e.g. {@link BpfOpcodes#PSEUDO_MAP_FD})
 * @param offset    signed 16-bit offset (memory offset or jump distance in slots)
 * @param immediate signed 32-bit immediate
 */
public record BpfInstruction(int opcode, int dst, int src, int offset, int immediate) {

    /** Bytes per slot. */
    public static final int SIZE = 8;

    public BpfInstruction {
        if (opcode < 0 || opcode > 0xff) {
            throw new IllegalArgumentException("opcode 0x" + Integer.toHexString(opcode) + ", expected one byte");
        }
        if (dst < 0 || dst > 15 || src < 0 || src > 15) {
            throw new IllegalArgumentException("registers r" + dst + ", r" + src + ", expected 0-15 (a nibble each)");
        }
        if (offset < Short.MIN_VALUE || offset > Short.MAX_VALUE) {
            throw new IllegalArgumentException("offset " + offset + ", expected a signed 16-bit value");
        }
    }

    /** Writes the 8 bytes at {@code at}. */
    public void writeTo(MemorySegment memory, long at) {
        memory.set(ValueLayout.JAVA_BYTE, at, (byte) opcode);
        memory.set(ValueLayout.JAVA_BYTE, at + 1, (byte) (src << 4 | dst));
        memory.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), at + 2, (short) offset);
        memory.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), at + 4, immediate);
    }

    /** The 8 bytes. */
    public byte[] bytes() {
        byte[] b = new byte[SIZE];
        writeTo(MemorySegment.ofArray(b), 0);
        return b;
    }

    @Override
    public String toString() {
        return String.format("%02x %d %d %d %d", opcode, dst, src, offset, immediate);
    }
}
