import io.vigil.dataplane.linux.BpfProgram;
import io.vigil.dataplane.linux.NetworkInterfaces;
import io.vigil.dataplane.linux.bpf.FrameGeneratorProgram;
import java.net.InetAddress;
import java.util.HexFormat;

/**
 * bench/pps's packet generator: 60-byte UDP/IPv4 frames (64 on the wire with the FCS) sent out of DEVICE as fast as
 * the kernel's XDP path takes them, the way reference/af-xdp.md measured: Vigil's {@link FrameGeneratorProgram}
 * (it writes the frame and returns XDP_TX) run with BPF_PROG_TEST_RUN on live frames, millions of repeats per call,
 * so that the frames arrive at DEVICE's veth peer as xdp_frames, as from a NIC, without a socket or an skb on the
 * sending side.
 *
 * <p>Runs until killed; every call's frames and duration go to stdout as "sent N frames in T ms". One thread.
 *
 * <pre>
 * usage: java ... LiveFrameGenerator.java DEVICE SRC_MAC DST_MAC SRC_IP DST_IP SRC_PORT DST_PORT
 * </pre>
 */
public final class LiveFrameGenerator {

    private static final int FRAME = 60;
    private static final int REPEAT = 1 << 21;
    private static final int BATCH = 256;

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println("usage: LiveFrameGenerator DEVICE SRC_MAC DST_MAC SRC_IP DST_IP SRC_PORT DST_PORT");
            System.exit(2);
        }
        int ifindex = NetworkInterfaces.index(args[0]).orElseThrow(() ->
                new IllegalArgumentException("no interface " + args[0] + " in this network namespace"));
        byte[] frame = udpFrame(mac(args[1]), mac(args[2]), ipv4(args[3]), ipv4(args[4]), Integer.parseInt(args[5]),
                Integer.parseInt(args[6]));
        try (BpfProgram program = BpfProgram.load(BpfProgram.TYPE_XDP, BpfProgram.ATTACH_XDP, FrameGeneratorProgram.build(frame),
                FrameGeneratorProgram.LICENSE, "pps_gen")) {
            System.out.println("generating on " + args[0] + " (ifindex " + ifindex + "): "
                    + HexFormat.of().formatHex(frame));
            while (true) {
                long t0 = System.nanoTime();
                program.runLiveFrames(frame, ifindex, REPEAT, BATCH);
                long t1 = System.nanoTime();
                System.out.printf("sent %d frames in %d ms%n", REPEAT, (t1 - t0) / 1_000_000);
            }
        }
    }

    /** Ethernet II, IPv4 (TTL 64, DF clear) and UDP with 18 bytes of payload; both checksums computed. */
    static byte[] udpFrame(byte[] srcMac, byte[] dstMac, byte[] srcIp, byte[] dstIp, int srcPort, int dstPort) {
        byte[] f = new byte[FRAME];
        System.arraycopy(dstMac, 0, f, 0, 6);
        System.arraycopy(srcMac, 0, f, 6, 6);
        f[12] = 0x08;
        int ip = 14;
        int ipLength = FRAME - ip;
        f[ip] = 0x45;
        f[ip + 2] = (byte) (ipLength >> 8);
        f[ip + 3] = (byte) ipLength;
        f[ip + 8] = 64;
        f[ip + 9] = 17;
        System.arraycopy(srcIp, 0, f, ip + 12, 4);
        System.arraycopy(dstIp, 0, f, ip + 16, 4);
        int sum = checksum(f, ip, 20, 0);
        f[ip + 10] = (byte) (sum >> 8);
        f[ip + 11] = (byte) sum;
        int udp = ip + 20;
        int udpLength = FRAME - udp;
        f[udp] = (byte) (srcPort >> 8);
        f[udp + 1] = (byte) srcPort;
        f[udp + 2] = (byte) (dstPort >> 8);
        f[udp + 3] = (byte) dstPort;
        f[udp + 4] = (byte) (udpLength >> 8);
        f[udp + 5] = (byte) udpLength;
        for (int i = udp + 8; i < FRAME; i++) {
            f[i] = (byte) i;
        }
        int pseudo = 0;
        for (int i = 0; i < 4; i += 2) {
            pseudo += (srcIp[i] & 0xff) << 8 | srcIp[i + 1] & 0xff;
            pseudo += (dstIp[i] & 0xff) << 8 | dstIp[i + 1] & 0xff;
        }
        pseudo += 17 + udpLength;
        int u = checksum(f, udp, udpLength, pseudo);
        if (u == 0) {
            u = 0xffff;
        }
        f[udp + 6] = (byte) (u >> 8);
        f[udp + 7] = (byte) u;
        return f;
    }

    private static int checksum(byte[] b, int from, int length, int initial) {
        long sum = initial;
        for (int i = from; i < from + length; i += 2) {
            sum += (b[i] & 0xff) << 8 | (i + 1 < from + length ? b[i + 1] & 0xff : 0);
        }
        while (sum >> 16 != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }

    private static byte[] mac(String text) {
        return HexFormat.ofDelimiter(":").parseHex(text);
    }

    private static byte[] ipv4(String text) throws Exception {
        return InetAddress.getByName(text).getAddress();
    }
}
