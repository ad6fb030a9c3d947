package io.vigil.dataplane.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A classic BPF program (linux/filter.h, Documentation/networking/filter.rst): {@code struct sock_filter}
 * instructions, 8 octets each in host order, handed to the kernel in a {@code struct sock_fprog}:
 * <pre>
 *  sock_filter             sock_fprog
 *  0      2    3    4        8   0     2         8            16
 * +------+----+----+--------+   +-----+---------+------------+
 * | code | jt | jf |   k    |   | len | padding | *filter    |
 * +------+----+----+--------+   +-----+---------+------------+
 * </pre>
 * Conditional jumps skip {@code jt}/{@code jf} (0 to 255) instructions forward, {@code ja} skips {@code k}. Build
 * with {@link #builder()}: jumps name labels and the builder resolves them. Immutable.
 */
public final class ClassicBpf {

    /** BPF_MAXINSNS, linux/bpf_common.h. */
    public static final int MAX_INSTRUCTIONS = 4096;
    /** BPF_MEMWORDS, linux/filter.h: the scratch cells M[0..15]. */
    public static final int MEMORY_WORDS = 16;

    // Instruction classes, sizes, modes, operations and sources (linux/bpf_common.h).
    public static final int LD = 0x00;
    public static final int LDX = 0x01;
    public static final int ST = 0x02;
    public static final int STX = 0x03;
    public static final int ALU = 0x04;
    public static final int JMP = 0x05;
    public static final int RET = 0x06;
    public static final int MISC = 0x07;
    public static final int W = 0x00;
    public static final int H = 0x08;
    public static final int B = 0x10;
    public static final int IMM = 0x00;
    public static final int ABS = 0x20;
    public static final int IND = 0x40;
    public static final int MEM = 0x60;
    public static final int ADD = 0x00;
    public static final int MUL = 0x20;
    public static final int OR = 0x40;
    public static final int AND = 0x50;
    public static final int LSH = 0x60;
    public static final int RSH = 0x70;
    public static final int XOR = 0xa0;
    public static final int JA = 0x00;
    public static final int JEQ = 0x10;
    public static final int K = 0x00;
    public static final int X = 0x08;
    /** BPF_A as a return source. */
    public static final int A = 0x10;
    public static final int TAX = 0x00;
    public static final int TXA = 0x80;

    /** SKF_AD_OFF + SKF_AD_PROTOCOL, linux/filter.h: loads skb->protocol (the EtherType, host order). */
    public static final int LOAD_PROTOCOL = -0x1000;
    /** SKF_NET_OFF, linux/filter.h: offsets from here are relative to the network header, wherever skb->data is. */
    public static final int NETWORK_OFFSET = -0x100000;

    private static final StructLayout FILTER = MemoryLayout.structLayout(JAVA_SHORT.withName("code"),
            JAVA_BYTE.withName("jt"), JAVA_BYTE.withName("jf"), JAVA_INT.withName("k"));
    private static final StructLayout FPROG = MemoryLayout.structLayout(JAVA_SHORT.withName("len"),
            MemoryLayout.paddingLayout(6), ADDRESS.withName("filter"));

    private final int[] codes;
    private final int[] jumpsTrue;
    private final int[] jumpsFalse;
    private final int[] ks;

    private ClassicBpf(int[] codes, int[] jumpsTrue, int[] jumpsFalse, int[] ks) {
        this.codes = codes;
        this.jumpsTrue = jumpsTrue;
        this.jumpsFalse = jumpsFalse;
        this.ks = ks;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Instructions. */
    public int length() {
        return codes.length;
    }

    /** Instruction {@code i}'s opcode. */
    public int code(int i) {
        return codes[i];
    }

    /** Instruction {@code i}'s true-branch skip. */
    public int jumpTrue(int i) {
        return jumpsTrue[i];
    }

    /** Instruction {@code i}'s false-branch skip. */
    public int jumpFalse(int i) {
        return jumpsFalse[i];
    }

    /** Instruction {@code i}'s constant. */
    public int k(int i) {
        return ks[i];
    }

    /** A {@code struct sock_fprog} pointing at the instructions, both in {@code arena}. */
    public MemorySegment toSockFprog(Arena arena) {
        MemorySegment filter = arena.allocate(FILTER, codes.length);
        for (int i = 0; i < codes.length; i++) {
            long at = i * FILTER.byteSize();
            filter.set(JAVA_SHORT, at, (short) codes[i]);
            filter.set(JAVA_BYTE, at + 2, (byte) jumpsTrue[i]);
            filter.set(JAVA_BYTE, at + 3, (byte) jumpsFalse[i]);
            filter.set(JAVA_INT, at + 4, ks[i]);
        }
        MemorySegment fprog = arena.allocate(FPROG);
        fprog.set(JAVA_SHORT, 0, (short) codes.length);
        fprog.set(ADDRESS, FPROG.byteOffset(MemoryLayout.PathElement.groupElement("filter")), filter);
        return fprog;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassicBpf p && Arrays.equals(codes, p.codes) && Arrays.equals(jumpsTrue, p.jumpsTrue)
                && Arrays.equals(jumpsFalse, p.jumpsFalse) && Arrays.equals(ks, p.ks);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(codes) * 31 + Arrays.hashCode(ks);
    }

    @Override
    public String toString() {
        return "ClassicBpf[" + codes.length + " instructions]";
    }

    /**
     * Appends instructions; jumps go forward to labels from {@link #label()}, placed with {@link #place}.
     * Not thread-safe.
     */
    public static final class Builder {

        private static final int NEXT = -1;

        private final List<int[]> instructions = new ArrayList<>(); // code, jt label, jf label, k
        private final List<Integer> labels = new ArrayList<>();

        private Builder() {
        }

        /** A label to jump to; place it once. */
        public int label() {
            labels.add(-1);
            return labels.size() - 1;
        }

        /** The next instruction carries {@code label}. */
        public Builder place(int label) {
            if (labels.get(label) >= 0) {
                throw new IllegalStateException("label " + label + " placed twice");
            }
            labels.set(label, instructions.size());
            return this;
        }

        /** A non-jump instruction. */
        public Builder op(int code, int k) {
            instructions.add(new int[] {code, NEXT, NEXT, k});
            return this;
        }

        /** {@code if (A == k) goto ifEqual else goto otherwise}; a label of -1 is the next instruction. */
        public Builder jumpIfEqual(int k, int ifEqual, int otherwise) {
            instructions.add(new int[] {JMP | JEQ | K, ifEqual, otherwise, k});
            return this;
        }

        /** {@code goto label}, up to 2^32 instructions forward. */
        public Builder jump(int label) {
            instructions.add(new int[] {JMP | JA, NEXT, NEXT, label});
            return this;
        }

        /**
         * Resolves the labels.
         *
         * @throws IllegalStateException for an unplaced label, a backward jump, a conditional jump of more than
         *                               255 instructions, or more than {@link #MAX_INSTRUCTIONS}
         */
        public ClassicBpf build() {
            int n = instructions.size();
            if (n == 0 || n > MAX_INSTRUCTIONS) {
                throw new IllegalStateException(n + " instructions, expected 1 to " + MAX_INSTRUCTIONS);
            }
            int[] codes = new int[n];
            int[] jt = new int[n];
            int[] jf = new int[n];
            int[] k = new int[n];
            for (int i = 0; i < n; i++) {
                int[] in = instructions.get(i);
                codes[i] = in[0];
                k[i] = in[3];
                if (in[0] == (JMP | JA)) {
                    k[i] = skip(i, in[3], Integer.MAX_VALUE);
                } else if ((in[0] & 0x07) == JMP) {
                    jt[i] = in[1] == NEXT ? 0 : skip(i, in[1], 255);
                    jf[i] = in[2] == NEXT ? 0 : skip(i, in[2], 255);
                }
            }
            return new ClassicBpf(codes, jt, jf, k);
        }

        private int skip(int from, int label, int max) {
            int target = labels.get(label);
            if (target < 0) {
                throw new IllegalStateException("label " + label + " is never placed");
            }
            int skip = target - from - 1;
            if (skip < 0 || skip > max) {
                throw new IllegalStateException("jump from " + from + " to " + target + ": expected 0 to " + max
                        + " instructions forward");
            }
            return skip;
        }
    }
}
