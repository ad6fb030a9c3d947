package io.vigil.dataplane.linux.bpf;

import static io.vigil.dataplane.linux.bpf.BpfOpcodes.*;

import java.util.List;

/**
 * A packet generator's XDP program: it writes one fixed frame over the packet it is given and returns XDP_TX. Run
 * with {@code BPF_PROG_TEST_RUN} on live frames ({@link io.vigil.dataplane.linux.BpfProgram#runLiveFrames}) it
 * sends that frame out of a device millions of times a second without a socket or an skb, and the device's veth
 * peer receives the frames as from a NIC (reference/af-xdp.md, "BPF_PROG_TEST_RUN live frames"). The frame is
 * written on every run because the kernel recycles the live frames' pages without initialising them again: a
 * receiver that rewrote a frame in place (kernel forwarding rewrites the MACs) would otherwise get its own rewrite
 * back. A packet shorter than the frame is dropped (the verifier demands the bounds check). Stateless.
 */
public final class FrameGeneratorProgram {

    /** The license string the program is loaded under. */
    public static final String LICENSE = "GPL";

    private FrameGeneratorProgram() {
    }

    /**
     * The program for {@code frame}: {@code if (data + length > data_end) return XDP_DROP;} then the frame's
     * 32-bit words as immediate stores, then {@code return XDP_TX}.
     *
     * @throws IllegalArgumentException when the frame is shorter than an Ethernet header or not a whole number of
     *                                  32-bit words
     */
    public static List<BpfInstruction> build(byte[] frame) {
        if (frame.length < 14 || frame.length % 4 != 0) {
            throw new IllegalArgumentException("frame of " + frame.length
                    + " bytes, expected at least 14 (an Ethernet header) and a multiple of 4");
        }
        BpfProgramBuilder p = new BpfProgramBuilder()
                .loadMem(W, R2, R1, XDP_MD_DATA)
                .loadMem(W, R3, R1, XDP_MD_DATA_END)
                .mov64Reg(R4, R2).alu64Imm(ADD, R4, frame.length)
                .jumpReg(JGT, R4, R3, "drop");
        for (int at = 0; at < frame.length; at += 4) {
            // x86_64 stores little endian: the word's low byte lands first, so the bytes land in order.
            int word = (frame[at] & 0xff) | (frame[at + 1] & 0xff) << 8 | (frame[at + 2] & 0xff) << 16
                    | (frame[at + 3] & 0xff) << 24;
            p.storeImm(W, R2, at, word);
        }
        return p.mov64Imm(R0, XDP_TX).exit()
                .label("drop").mov64Imm(R0, XDP_DROP).exit()
                .build();
    }
}
