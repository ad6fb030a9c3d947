import java.net.InetAddress;
import java.util.HexFormat;

/**
 * bench/pps's test frame: one 60-byte UDP/IPv4 frame (64 on the wire with the FCS) with valid checksums, as the
 * generators send it. Static and stateless.
 */
final class UdpFrame {

    /** ETH_ZLEN: the shortest Ethernet frame without its FCS, and the frame's length. */
    static final int LENGTH = 60;

    private UdpFrame() {
    }

    /** The frame from the command line's SRC_MAC DST_MAC SRC_IP DST_IP SRC_PORT DST_PORT, starting at {@code from}. */
    static byte[] fromArguments(String[] args, int from) throws Exception {
        return build(mac(args[from]), mac(args[from + 1]), ipv4(args[from + 2]), ipv4(args[from + 3]),
                Integer.parseInt(args[from + 4]), Integer.parseInt(args[from + 5]));
    }

    /** Ethernet II, IPv4 (TTL 64, DF clear) and UDP with 18 bytes of payload; both checksums computed. */
    static byte[] build(byte[] srcMac, byte[] dstMac, byte[] srcIp, byte[] dstIp, int srcPort, int dstPort) {
        byte[] f = new byte[LENGTH];
        System.arraycopy(dstMac, 0, f, 0, 6);
        System.arraycopy(srcMac, 0, f, 6, 6);
        f[12] = 0x08;
        int ip = 14;
        int ipLength = LENGTH - ip;
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
        int udpLength = LENGTH - udp;
        f[udp] = (byte) (srcPort >> 8);
        f[udp + 1] = (byte) srcPort;
        f[udp + 2] = (byte) (dstPort >> 8);
        f[udp + 3] = (byte) dstPort;
        f[udp + 4] = (byte) (udpLength >> 8);
        f[udp + 5] = (byte) udpLength;
        for (int i = udp + 8; i < LENGTH; i++) {
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
