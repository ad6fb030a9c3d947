import static io.vigil.dataplane.linux.bpf.BpfOpcodes.*;

import io.vigil.dataplane.linux.BpfProgram;
import io.vigil.dataplane.linux.NetworkInterfaces;
import io.vigil.dataplane.linux.XdpLink;
import io.vigil.dataplane.linux.XdpMode;
import io.vigil.dataplane.linux.bpf.BpfProgramBuilder;

/**
 * bench/pps: holds a {@code return XDP_PASS} program on DEVICE (native mode) until killed; the link goes with the
 * process. A veth takes frames that its peer sends with XDP_TX (ndo_xdp_xmit) only when it has a NAPI, which an XDP
 * program gives it; with this one the frames become skbs and go up the kernel's stack as without XDP
 * (reference/af-xdp.md: the kernel forwarding and TPACKET contenders). Prints "attached" once the link holds.
 *
 * <pre>
 * usage: java ... XdpPassHolder.java DEVICE
 * </pre>
 */
public final class XdpPassHolder {

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: XdpPassHolder DEVICE");
            System.exit(2);
        }
        int ifindex = NetworkInterfaces.index(args[0]).orElseThrow(() ->
                new IllegalArgumentException("no interface " + args[0] + " in this network namespace"));
        try (BpfProgram program = BpfProgram.load(BpfProgram.TYPE_XDP, BpfProgram.ATTACH_XDP,
                new BpfProgramBuilder().mov64Imm(R0, XDP_PASS).exit().build(), "GPL", "pps_pass");
             XdpLink link = XdpLink.attach(program, args[0], ifindex, XdpMode.NATIVE)) {
            System.out.println("attached to " + args[0] + " in " + link.mode() + " mode");
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
