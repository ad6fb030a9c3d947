package io.vigil.dataplane.port;

import static io.vigil.dataplane.linux.ClassicBpf.ABS;
import static io.vigil.dataplane.linux.ClassicBpf.ALU;
import static io.vigil.dataplane.linux.ClassicBpf.AND;
import static io.vigil.dataplane.linux.ClassicBpf.B;
import static io.vigil.dataplane.linux.ClassicBpf.H;
import static io.vigil.dataplane.linux.ClassicBpf.IMM;
import static io.vigil.dataplane.linux.ClassicBpf.IND;
import static io.vigil.dataplane.linux.ClassicBpf.K;
import static io.vigil.dataplane.linux.ClassicBpf.LD;
import static io.vigil.dataplane.linux.ClassicBpf.LDX;
import static io.vigil.dataplane.linux.ClassicBpf.LOAD_PROTOCOL;
import static io.vigil.dataplane.linux.ClassicBpf.LSH;
import static io.vigil.dataplane.linux.ClassicBpf.MEM;
import static io.vigil.dataplane.linux.ClassicBpf.MISC;
import static io.vigil.dataplane.linux.ClassicBpf.MUL;
import static io.vigil.dataplane.linux.ClassicBpf.NETWORK_OFFSET;
import static io.vigil.dataplane.linux.ClassicBpf.RET;
import static io.vigil.dataplane.linux.ClassicBpf.RSH;
import static io.vigil.dataplane.linux.ClassicBpf.ST;
import static io.vigil.dataplane.linux.ClassicBpf.TAX;
import static io.vigil.dataplane.linux.ClassicBpf.W;
import static io.vigil.dataplane.linux.ClassicBpf.X;
import static io.vigil.dataplane.linux.ClassicBpf.XOR;

import io.vigil.dataplane.linux.ClassicBpf;
import io.vigil.dataplane.linux.PacketSocketOptions;
import io.vigil.dataplane.packet.Ipv4Header;
import io.vigil.dataplane.packet.Ipv6Header;
import io.vigil.dataplane.packet.TcpHeader;
import java.nio.ByteBuffer;

/**
 * Compiles a {@link FlowPartition} into the classic BPF program of a PACKET_FANOUT_CBPF group: it returns a hash of
 * the frame's client end (the kernel takes it modulo the number of members). The program matches the frame's
 * protocol and destination (a service) or source (a NAT real server) against every endpoint in turn, loads the
 * client's address and port from the other side, masks them as the endpoint says and mixes them: <pre>
 *   h = ((address &amp; mask) * 0x9E3779B1) ^ port        IPv6: the four words folded in the same way
 *   h = h * 0x85EBCA77;  return h ^ (h &gt;&gt;&gt; 16)           (Murmur3's constants; the shift brings high bits down)
 * </pre>
 * Offsets are relative to the network header (SKF_NET_OFF): the IPv4 header length comes from its IHL, IPv6
 * transport headers are taken at 40 (no extension headers, as the forwarder expects). Every frame that matches no
 * endpoint returns 0. Stateless; safe from any thread.
 */
public final class FanoutProgram {

    private static final int GOLDEN = 0x9E37_79B1;
    private static final int MIX = 0x85EB_CA77;
    /** Scratch cells: the frame's protocol, the client port, the running hash, the address masks (4 for IPv6). */
    private static final int M_PROTOCOL = 0;
    private static final int M_PORT = 1;
    private static final int M_HASH = 2;
    private static final int M_MASK = 3;
    private static final int CELLS = M_MASK + 4;
    private static final int NEXT = -1;
    /** TCP's and UDP's ports are at the same offsets (RFC 9293 §3.1, RFC 768). */
    private static final int SOURCE_PORT = TcpHeader.SOURCE_PORT_OFFSET;
    private static final int DESTINATION_PORT = TcpHeader.DESTINATION_PORT_OFFSET;

    private FanoutProgram() {
    }

    /** The program for {@code partition}; at most {@link ClassicBpf#MAX_INSTRUCTIONS} (about 270 IPv4 endpoints). */
    public static ClassicBpf compile(FlowPartition partition) {
        ClassicBpf.Builder b = ClassicBpf.builder();
        int v4 = b.label();
        int v6 = b.label();
        int isV4 = b.label();
        int isV6 = b.label();
        int notOursNear = b.label();
        int notOurs = b.label();
        int[] key4 = {b.label(), b.label()}; // [client is the source, client is the destination]
        int[] key6 = {b.label(), b.label()};
        int mix = b.label();
        // The kernel's checker (check_load_and_stores) wants every cell written before any read on every path.
        b.op(LD | IMM, 0);
        for (int cell = 0; cell < CELLS; cell++) {
            b.op(ST, cell);
        }
        b.op(LD | W | ABS, LOAD_PROTOCOL);
        b.jumpIfEqual(PacketSocketOptions.ETH_P_IP, isV4, NEXT);
        b.jumpIfEqual(PacketSocketOptions.ETH_P_IPV6, isV6, notOursNear);
        b.place(isV4).jump(v4);
        b.place(isV6).jump(v6);
        b.place(notOursNear).jump(notOurs);

        b.place(v4);
        b.op(LD | B | ABS, NETWORK_OFFSET).op(ALU | AND | K, 0x0f).op(ALU | LSH | K, 2).op(MISC | TAX, 0);
        b.op(LD | B | ABS, NETWORK_OFFSET + Ipv4Header.PROTOCOL_OFFSET).op(ST, M_PROTOCOL);
        for (FlowPartition.Endpoint e : partition.services()) {
            if (!e.ipv6()) {
                endpoint(b, e, Ipv4Header.DESTINATION_OFFSET, DESTINATION_PORT, SOURCE_PORT, key4[0]);
            }
        }
        for (FlowPartition.Endpoint e : partition.replies()) {
            if (!e.ipv6()) {
                endpoint(b, e, Ipv4Header.SOURCE_OFFSET, SOURCE_PORT, DESTINATION_PORT, key4[1]);
            }
        }
        b.jump(notOurs);

        b.place(v6);
        b.op(LD | B | ABS, NETWORK_OFFSET + Ipv6Header.NEXT_HEADER_OFFSET).op(ST, M_PROTOCOL).op(LDX | IMM, Ipv6Header.LENGTH);
        for (FlowPartition.Endpoint e : partition.services()) {
            if (e.ipv6()) {
                endpoint(b, e, Ipv6Header.DESTINATION_OFFSET, DESTINATION_PORT, SOURCE_PORT, key6[0]);
            }
        }
        for (FlowPartition.Endpoint e : partition.replies()) {
            if (e.ipv6()) {
                endpoint(b, e, Ipv6Header.SOURCE_OFFSET, SOURCE_PORT, DESTINATION_PORT, key6[1]);
            }
        }
        b.jump(notOurs);

        int[] clientAddress4 = {Ipv4Header.SOURCE_OFFSET, Ipv4Header.DESTINATION_OFFSET};
        int[] clientAddress6 = {Ipv6Header.SOURCE_OFFSET, Ipv6Header.DESTINATION_OFFSET};
        for (int side = 0; side < 2; side++) {
            b.place(key4[side]);
            b.op(LD | W | ABS, NETWORK_OFFSET + clientAddress4[side]).op(LDX | MEM, M_MASK).op(ALU | AND | X, 0)
                    .op(ALU | MUL | K, GOLDEN).jump(mix);
        }
        for (int side = 0; side < 2; side++) {
            b.place(key6[side]);
            for (int word = 0; word < 4; word++) {
                b.op(LD | W | ABS, NETWORK_OFFSET + clientAddress6[side] + 4 * word).op(LDX | MEM, M_MASK + word)
                        .op(ALU | AND | X, 0);
                if (word > 0) {
                    b.op(LDX | MEM, M_HASH).op(ALU | XOR | X, 0);
                }
                b.op(ALU | MUL | K, GOLDEN).op(ST, M_HASH);
            }
            b.jump(mix);
        }
        b.place(mix);
        b.op(LDX | MEM, M_PORT).op(ALU | XOR | X, 0).op(ALU | MUL | K, MIX).op(ST, M_HASH)
                .op(ALU | RSH | K, 16).op(MISC | TAX, 0).op(LD | MEM, M_HASH).op(ALU | XOR | X, 0)
                .op(RET | ClassicBpf.A, 0);
        b.place(notOurs).op(RET | K, 0);
        return b.build();
    }

    /**
     * Matches protocol, address (at {@code addressAt}) and port (at {@code portAt} in the transport header); on a
     * match stores the client port (at {@code clientPortAt}, or 0) and the masks, and goes to {@code key}.
     */
    private static void endpoint(ClassicBpf.Builder b, FlowPartition.Endpoint e, int addressAt, int portAt,
                                 int clientPortAt, int key) {
        int next = b.label();
        b.op(LD | MEM, M_PROTOCOL).jumpIfEqual(e.protocol(), NEXT, next);
        ByteBuffer address = ByteBuffer.wrap(e.address().getAddress());
        for (int word = 0; address.hasRemaining(); word++) {
            b.op(LD | W | ABS, NETWORK_OFFSET + addressAt + 4 * word).jumpIfEqual(address.getInt(), NEXT, next);
        }
        if (e.port() != 0) { // port 0: every port (a persistent service's wildcard)
            b.op(LD | H | IND, NETWORK_OFFSET + portAt).jumpIfEqual(e.port(), NEXT, next);
        }
        if (e.clientPort()) {
            b.op(LD | H | IND, NETWORK_OFFSET + clientPortAt);
        } else {
            b.op(LD | IMM, 0);
        }
        b.op(ST, M_PORT);
        int words = e.ipv6() ? 4 : 1;
        for (int word = 0; word < words; word++) {
            int bits = Math.clamp(e.clientPrefix() - 32L * word, 0, 32);
            b.op(LD | IMM, bits == 0 ? 0 : -1 << (32 - bits)).op(ST, M_MASK + word);
        }
        b.jump(key);
        b.place(next);
    }
}
