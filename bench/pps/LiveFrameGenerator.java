import io.vigil.dataplane.linux.BpfProgram;
import io.vigil.dataplane.linux.NetworkInterfaces;
import io.vigil.dataplane.linux.bpf.FrameGeneratorProgram;
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

    private static final int REPEAT = 1 << 21;
    private static final int BATCH = 256;

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println("usage: LiveFrameGenerator DEVICE SRC_MAC DST_MAC SRC_IP DST_IP SRC_PORT DST_PORT");
            System.exit(2);
        }
        int ifindex = NetworkInterfaces.index(args[0]).orElseThrow(() ->
                new IllegalArgumentException("no interface " + args[0] + " in this network namespace"));
        byte[] frame = UdpFrame.fromArguments(args, 1);
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
}
