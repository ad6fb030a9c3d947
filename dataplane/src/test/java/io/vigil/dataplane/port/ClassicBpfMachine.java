package io.vigil.dataplane.port;

import io.vigil.dataplane.linux.ClassicBpf;
import java.nio.ByteBuffer;

/**
 * Runs a {@link ClassicBpf} program over an Ethernet frame as the kernel runs a fanout program over an skb: loads at
 * {@link ClassicBpf#NETWORK_OFFSET} are relative to the network header (after the 14-octet Ethernet header),
 * {@link ClassicBpf#LOAD_PROTOCOL} gives the EtherType, a load outside the frame ends the program with 0 (as
 * bpf_internal_load_pointer_neg_helper failing does). Only the instructions {@link FanoutProgram} emits; any other
 * fails the test. Not thread-safe.
 */
final class ClassicBpfMachine {

    private static final int ETHERNET = 14;

    private ClassicBpfMachine() {
    }

    /** The program's return value for {@code frame}. */
    static int run(ClassicBpf p, byte[] frame) {
        ByteBuffer f = ByteBuffer.wrap(frame);
        int a = 0;
        int x = 0;
        int[] m = new int[ClassicBpf.MEMORY_WORDS];
        boolean[] written = new boolean[ClassicBpf.MEMORY_WORDS];
        for (int pc = 0; pc < p.length(); pc++) {
            int code = p.code(pc);
            int k = p.k(pc);
            switch (code & 0x07) {
                case ClassicBpf.LD, ClassicBpf.LDX -> {
                    int mode = code & 0xe0;
                    int value;
                    if (mode == ClassicBpf.IMM) {
                        value = k;
                    } else if (mode == ClassicBpf.MEM) {
                        if (!written[k]) {
                            throw new AssertionError("M[" + k + "] read before written at " + pc);
                        }
                        value = m[k];
                    } else {
                        int at = k == ClassicBpf.LOAD_PROTOCOL ? -1 : k - ClassicBpf.NETWORK_OFFSET + ETHERNET
                                + (mode == ClassicBpf.IND ? x : 0);
                        int size = switch (code & 0x18) {
                            case ClassicBpf.W -> 4;
                            case ClassicBpf.H -> 2;
                            default -> 1;
                        };
                        if (k == ClassicBpf.LOAD_PROTOCOL) {
                            value = f.getShort(12) & 0xffff;
                        } else if (k < ClassicBpf.NETWORK_OFFSET || at < ETHERNET || at + size > frame.length) {
                            return 0;
                        } else {
                            value = size == 4 ? f.getInt(at) : size == 2 ? f.getShort(at) & 0xffff : f.get(at) & 0xff;
                        }
                    }
                    if ((code & 0x07) == ClassicBpf.LD) {
                        a = value;
                    } else {
                        x = value;
                    }
                }
                case ClassicBpf.ST -> {
                    m[k] = a;
                    written[k] = true;
                }
                case ClassicBpf.ALU -> {
                    int operand = (code & ClassicBpf.X) != 0 ? x : k;
                    a = switch (code & 0xf0) {
                        case ClassicBpf.AND -> a & operand;
                        case ClassicBpf.LSH -> a << operand;
                        case ClassicBpf.RSH -> a >>> operand;
                        case ClassicBpf.MUL -> a * operand;
                        case ClassicBpf.XOR -> a ^ operand;
                        default -> throw new AssertionError("ALU op " + Integer.toHexString(code) + " at " + pc);
                    };
                }
                case ClassicBpf.JMP -> {
                    if ((code & 0xf0) == ClassicBpf.JA) {
                        pc += k;
                    } else if ((code & 0xf0) == ClassicBpf.JEQ) {
                        pc += a == k ? p.jumpTrue(pc) : p.jumpFalse(pc);
                    } else {
                        throw new AssertionError("jump " + Integer.toHexString(code) + " at " + pc);
                    }
                }
                case ClassicBpf.RET -> {
                    return (code & 0x18) == ClassicBpf.A ? a : k;
                }
                case ClassicBpf.MISC -> {
                    if (code == (ClassicBpf.MISC | ClassicBpf.TAX)) {
                        x = a;
                    } else {
                        a = x;
                    }
                }
                default -> throw new AssertionError("opcode " + Integer.toHexString(code) + " at " + pc);
            }
        }
        throw new AssertionError("the program ran off its end");
    }
}
