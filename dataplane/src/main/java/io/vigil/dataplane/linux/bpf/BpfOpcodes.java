package io.vigil.dataplane.linux.bpf;

/**
 * The opcode parts, registers, helpers and return codes Vigil's programs use (linux/bpf_common.h, linux/bpf.h;
 * RFC 9669 §3–§5). An opcode is {@code class | size | mode} for loads and stores, {@code class | op | source} for
 * arithmetic and jumps.
 */
public final class BpfOpcodes {

    /** Instruction classes, RFC 9669 §3.1. */
    public static final int LD = 0x00;
    public static final int LDX = 0x01;
    public static final int ST = 0x02;
    public static final int STX = 0x03;
    public static final int ALU = 0x04;
    public static final int JMP = 0x05;
    public static final int JMP32 = 0x06;
    public static final int ALU64 = 0x07;

    /** Load and store sizes, RFC 9669 §5.1. */
    public static final int W = 0x00;
    public static final int H = 0x08;
    public static final int B = 0x10;
    public static final int DW = 0x18;

    /** Load and store modes, RFC 9669 §5.1. */
    public static final int IMM = 0x00;
    public static final int MEM = 0x60;

    /** Operand source: the immediate (K) or the source register (X), RFC 9669 §3.1. */
    public static final int K = 0x00;
    public static final int X = 0x08;

    /** Arithmetic operations, RFC 9669 §4.1. */
    public static final int ADD = 0x00;
    public static final int SUB = 0x10;
    public static final int OR = 0x40;
    public static final int AND = 0x50;
    public static final int LSH = 0x60;
    public static final int RSH = 0x70;
    public static final int MOV = 0xb0;

    /** Jump operations, RFC 9669 §4.3. */
    public static final int JA = 0x00;
    public static final int JEQ = 0x10;
    public static final int JGT = 0x20;
    public static final int JGE = 0x30;
    public static final int JNE = 0x50;
    public static final int CALL = 0x80;
    public static final int EXIT = 0x90;
    public static final int JLT = 0xa0;
    public static final int JLE = 0xb0;

    /** The context register (first argument) and the read-only frame pointer, RFC 9669 §2.4. */
    public static final int R0 = 0;
    public static final int R1 = 1;
    public static final int R2 = 2;
    public static final int R3 = 3;
    public static final int R4 = 4;
    public static final int R5 = 5;
    public static final int R6 = 6;
    public static final int R7 = 7;
    public static final int R8 = 8;
    public static final int R9 = 9;
    public static final int R10 = 10;

    /** BPF_PSEUDO_MAP_FD, linux/bpf.h: a 64-bit immediate load whose immediate is a map's descriptor. */
    public static final int PSEUDO_MAP_FD = 1;

    /** Helper functions, linux/bpf.h {@code enum bpf_func_id}. */
    public static final int HELPER_MAP_LOOKUP_ELEM = 1;
    public static final int HELPER_REDIRECT_MAP = 51;

    /** XDP actions, linux/bpf.h {@code enum xdp_action}. */
    public static final int XDP_ABORTED = 0;
    public static final int XDP_DROP = 1;
    public static final int XDP_PASS = 2;
    public static final int XDP_TX = 3;
    public static final int XDP_REDIRECT = 4;

    /** {@code struct xdp_md} offsets, linux/bpf.h: the XDP program's context. */
    public static final int XDP_MD_DATA = 0;
    public static final int XDP_MD_DATA_END = 4;
    public static final int XDP_MD_RX_QUEUE_INDEX = 16;

    private BpfOpcodes() {
    }
}
