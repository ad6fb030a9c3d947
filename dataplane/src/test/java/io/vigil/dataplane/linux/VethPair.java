package io.vigil.dataplane.linux;

import io.vigil.dataplane.lab.Netns;
import io.vigil.dataplane.lab.NetnsLab;
import java.time.Duration;
import org.awaitility.Awaitility;

/**
 * The two-namespace topology the Linux-layer lab tests share: namespace A with {@code va} 198.18.0.1/24, joined
 * by a veth pair to namespace B with {@code vb} 198.18.0.2/24, both operationally up.
 */
record VethPair(Netns a, Netns b) {

    static VethPair create(NetnsLab lab) {
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
}
