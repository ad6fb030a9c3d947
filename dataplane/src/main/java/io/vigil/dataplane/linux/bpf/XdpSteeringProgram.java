package io.vigil.dataplane.linux.bpf;

import static io.vigil.dataplane.linux.bpf.BpfOpcodes.*;

import java.util.List;

/**
 * Vigil's XDP program: redirects to the AF_XDP socket of the receiving queue exactly the frames the dataplane
 * owns, and passes everything else to the kernel (ARP, ND, ICMP to the director, VRRP, SSH, health-check answers).
 * A frame is owned when its IPv4 or IPv6 (no extension headers) TCP, UDP or SCTP packet matches a {@link SteeringKey} in
 * the steering map: {@code SERVICE (daddr, dport, proto)}, then the same with port 0, then, unless its daddr is a
 * {@code LOCAL} key, {@code NAT_REPLY (saddr, sport, proto)} and the same with port 0. Non-first IPv4 fragments
 * carry no ports and are looked up with port 0. {@code bpf_redirect_map} falls back to XDP_PASS when the queue has
 * no socket.
 *
 * <p>The verifier's demands (af-xdp.md, pitfalls 8): every packet read after a comparison with data_end, the IHL
 * masked before the variable L4 offset, every key byte written (two 20-byte keys at fp-24 and fp-48, 4-aligned),
 * lookup results tested for NULL. Stateless; {@link #build} is a pure function of the two map descriptors.
 */
public final class XdpSteeringProgram {

    /** The name the program is loaded under (at most 15 characters): how a stale one is recognised. */
    public static final String NAME = "vigil_xdp";
    /** The license string the helpers need. */
    public static final String LICENSE = "GPL";

    private static final int ETH_HLEN = 14;
    /** ETH_P_IP and ETH_P_IPV6 as a 16-bit little-endian load of their network-order bytes reads them. */
    private static final int ETH_P_IP_LE = 0x0008;
    private static final int ETH_P_IPV6_LE = 0xdd86;
    /** The fragment-offset bits of IPv4's flags/offset word (RFC 791 §3.1), as a little-endian load reads them. */
    private static final int FRAGMENT_OFFSET_LE = 0xff1f;
    private static final int TCP = 6;
    private static final int UDP = 17;
    /** SCTP's common header starts with the two ports too (RFC 9260 §3.1). */
    private static final int SCTP = 132;
    /** Key 1 (destination side) and key 2 (source side) on the stack. */
    private static final int KEY1 = -24;
    private static final int KEY2 = -48;

    private XdpSteeringProgram() {
    }

    /** The program for a steering map ({@link SteeringKey} → u32) and an XSKMAP indexed by queue. */
    public static List<BpfInstruction> build(int steeringMapFd, int socketMapFd) {
        BpfProgramBuilder p = new BpfProgramBuilder();
        p.mov64Reg(R6, R1)
                .loadMem(W, R2, R6, XDP_MD_DATA)
                .loadMem(W, R3, R6, XDP_MD_DATA_END)
                .mov64Reg(R4, R2).alu64Imm(ADD, R4, ETH_HLEN)
                .jumpReg(JGT, R4, R3, "pass")
                .loadMem(H, R5, R2, 12)
                .jumpImm(JEQ, R5, ETH_P_IP_LE, "ipv4")
                .jumpImm(JEQ, R5, ETH_P_IPV6_LE, "ipv6")
                .jump("pass");
        ipv4(p);
        ipv6(p);
        lookups(p, steeringMapFd, socketMapFd);
        return p.build();
    }

    /** IPv4 (RFC 791): keys from the fixed header, ports after the IHL, port 0 for non-first fragments. */
    private static void ipv4(BpfProgramBuilder p) {
        p.label("ipv4")
                .mov64Reg(R4, R2).alu64Imm(ADD, R4, ETH_HLEN + 20)
                .jumpReg(JGT, R4, R3, "pass")
                .loadMem(B, R5, R2, ETH_HLEN)
                .mov64Reg(R4, R5).alu64Imm(AND, R4, 0xf0)
                .jumpImm(JNE, R4, 0x40, "pass")
                .alu64Imm(AND, R5, 0x0f).alu64Imm(LSH, R5, 2)
                .jumpImm(JLT, R5, 20, "pass")
                .loadMem(B, R7, R2, ETH_HLEN + 9)
                .jumpImm(JEQ, R7, TCP, "ipv4-l4")
                .jumpImm(JEQ, R7, SCTP, "ipv4-l4")
                .jumpImm(JNE, R7, UDP, "pass")
                .label("ipv4-l4");
        for (int key : new int[] {KEY1, KEY2}) {
            p.storeImm(W, R10, key, 0).storeImm(W, R10, key + 4, 0).storeImm(W, R10, key + 8, SteeringKey.V4_MAPPED_WORD);
            p.storeMem(B, R10, key + SteeringKey.PROTOCOL, R7);
            p.storeImm(H, R10, key + SteeringKey.PORT, 0);
        }
        p.storeImm(B, R10, KEY1 + SteeringKey.KIND, SteeringKey.SERVICE)
                .storeImm(B, R10, KEY2 + SteeringKey.KIND, SteeringKey.NAT_REPLY)
                .loadMem(W, R8, R2, ETH_HLEN + 16).storeMem(W, R10, KEY1 + 12, R8)
                .loadMem(W, R8, R2, ETH_HLEN + 12).storeMem(W, R10, KEY2 + 12, R8)
                .loadMem(H, R4, R2, ETH_HLEN + 6).alu64Imm(AND, R4, FRAGMENT_OFFSET_LE)
                .jumpImm(JNE, R4, 0, "lookup")
                .alu64Imm(ADD, R2, ETH_HLEN).alu64Reg(ADD, R2, R5)
                .jump("ports");
    }

    /** IPv6 (RFC 8200): TCP or UDP as the first next header only. */
    private static void ipv6(BpfProgramBuilder p) {
        p.label("ipv6")
                .mov64Reg(R4, R2).alu64Imm(ADD, R4, ETH_HLEN + 40)
                .jumpReg(JGT, R4, R3, "pass")
                .loadMem(B, R7, R2, ETH_HLEN + 6)
                .jumpImm(JEQ, R7, TCP, "ipv6-l4")
                .jumpImm(JEQ, R7, SCTP, "ipv6-l4")
                .jumpImm(JNE, R7, UDP, "pass")
                .label("ipv6-l4");
        for (int word = 0; word < 4; word++) {
            p.loadMem(W, R8, R2, ETH_HLEN + 24 + 4 * word).storeMem(W, R10, KEY1 + 4 * word, R8);
            p.loadMem(W, R8, R2, ETH_HLEN + 8 + 4 * word).storeMem(W, R10, KEY2 + 4 * word, R8);
        }
        p.storeMem(B, R10, KEY1 + SteeringKey.PROTOCOL, R7).storeMem(B, R10, KEY2 + SteeringKey.PROTOCOL, R7)
                .storeImm(B, R10, KEY1 + SteeringKey.KIND, SteeringKey.SERVICE)
                .storeImm(B, R10, KEY2 + SteeringKey.KIND, SteeringKey.NAT_REPLY)
                .alu64Imm(ADD, R2, ETH_HLEN + 40);
    }

    /** Ports from r2 (the L4 header), then the lookups in order, then redirect or pass. */
    private static void lookups(BpfProgramBuilder p, int steeringMapFd, int socketMapFd) {
        p.label("ports")
                .mov64Reg(R4, R2).alu64Imm(ADD, R4, 4)
                .jumpReg(JGT, R4, R3, "pass")
                .loadMem(H, R4, R2, 0).loadMem(H, R5, R2, 2)
                .storeMem(H, R10, KEY1 + SteeringKey.PORT, R5)
                .storeMem(H, R10, KEY2 + SteeringKey.PORT, R4)
                .label("lookup");
        lookup(p, steeringMapFd, KEY1).jumpImm(JNE, R0, 0, "redirect");
        p.storeImm(H, R10, KEY1 + SteeringKey.PORT, 0);
        lookup(p, steeringMapFd, KEY1).jumpImm(JNE, R0, 0, "redirect");
        // Is the destination the director's own (a health-check answer)? Key 1 with port 0, protocol 0, LOCAL.
        p.storeImm(B, R10, KEY1 + SteeringKey.PROTOCOL, 0).storeImm(B, R10, KEY1 + SteeringKey.KIND, SteeringKey.LOCAL);
        lookup(p, steeringMapFd, KEY1).jumpImm(JNE, R0, 0, "pass");
        lookup(p, steeringMapFd, KEY2).jumpImm(JNE, R0, 0, "redirect");
        p.storeImm(H, R10, KEY2 + SteeringKey.PORT, 0);
        lookup(p, steeringMapFd, KEY2).jumpImm(JEQ, R0, 0, "pass");
        p.label("redirect")
                .loadMapFd(R1, socketMapFd)
                .loadMem(W, R2, R6, XDP_MD_RX_QUEUE_INDEX)
                .mov64Imm(R3, XDP_PASS)
                .call(HELPER_REDIRECT_MAP)
                .exit()
                .label("pass")
                .mov64Imm(R0, XDP_PASS)
                .exit();
    }

    private static BpfProgramBuilder lookup(BpfProgramBuilder p, int mapFd, int key) {
        return p.loadMapFd(R1, mapFd).mov64Reg(R2, R10).alu64Imm(ADD, R2, key).call(HELPER_MAP_LOOKUP_ELEM);
    }
}
