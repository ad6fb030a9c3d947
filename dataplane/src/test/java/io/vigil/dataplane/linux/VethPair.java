package io.vigil.dataplane.linux;

import io.vigil.dataplane.lab.Netns;
import io.vigil.dataplane.lab.NetnsLab;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * The two-namespace topology the Linux-layer lab tests share: namespace A with {@code va} 198.18.0.1/24, joined
 * by a veth pair to namespace B with {@code vb} 198.18.0.2/24, both operationally up.
 */
public record VethPair(Netns a, Netns b) {

    public static VethPair create(NetnsLab lab) {
        Netns a = lab.namespace("a");
        Netns b = lab.namespace("b");
        lab.veth(a, "va", "198.18.0.1/24", b, "vb", "198.18.0.2/24");
        // Carrier comes on through the kernel's linkwatch, up to a second after "link set up"; until then the
        // qdisc drops what a packet socket sends.
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() ->
                operUp(a, "va") && operUp(b, "vb"));
        return new VethPair(a, b);
    }

    private static boolean operUp(Netns ns, String ifName) {
        return ns.exec("ip", "-j", "link", "show", ifName).orThrow().stdout().contains("\"operstate\":\"UP\"");
    }

    /** The MAC address of {@code ifName} in {@code ns}, as {@code ip link} prints it. */
    public static String mac(Netns ns, String ifName) {
        String json = ns.exec("ip", "-j", "link", "show", ifName).orThrow().stdout();
        Matcher m = Pattern.compile("\"address\":\"([0-9a-f:]{17})\"").matcher(json);
        if (!m.find()) {
            throw new AssertionError("no MAC address for " + ifName + " in " + json);
        }
        return m.group(1);
    }

    /** Sends {@code count} UDP datagrams ("probe N") from B (198.18.0.2) to 198.18.0.1:{@code port}. */
    public void sendFromB(int port, int count) throws Exception {
        b.call(() -> {
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("198.18.0.2", 0))) {
                for (int i = 0; i < count; i++) {
                    byte[] payload = ("probe " + i).getBytes();
                    s.send(new DatagramPacket(payload, payload.length, new InetSocketAddress("198.18.0.1", port)));
                }
            }
            return null;
        });
    }
}
