package io.vigil.director.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.lab.LabProcess;
import io.vigil.dataplane.lab.Netns;
import io.vigil.dataplane.lab.NetnsLab;
import io.vigil.dataplane.linux.IpipSocket;
import io.vigil.director.lab.Lan;
import io.vigil.director.lab.Nginx;
import io.vigil.director.lab.VigilPeer;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code vigil tunnel-endpoint} as an LVS-TUN real server on this kernel, which has no ipip module: client,
 * director and real server share one LAN (198.18.80.0/24); the client reaches the VIP 198.18.81.100 through the
 * director, which (played by {@link ScriptedTunDirector}) sends each packet IPIP-encapsulated to the real server;
 * the endpoint decapsulates it into its TUN device, nginx bound to the VIP answers, and the reply goes straight
 * to the client over the LAN.
 */
@Tag("netns")
class TunnelEndpointLabTest {

    @RegisterExtension
    static final NetnsLab lab = new NetnsLab();

    private static final String VIP = "198.18.81.100";
    private static final Pattern SUMMARY =
            Pattern.compile("tunnel-endpoint stopped: device vigil-tun removed; received (\\d+) IPIP packets, "
                    + "delivered (\\d+) \\((\\d+) bytes\\), dropped (\\d+)(.*)");

    @Test
    void nginxBehindTheEndpointAnswersTheClientDirectly() throws Exception {
        Lan lan = Lan.build(lab, "198.18.80", "client", "director", "real");
        Netns client = lan.host("client");
        Netns director = lan.host("director");
        Netns real = lan.host("real");
        client.exec("ip", "route", "add", VIP + "/32", "via", lan.address("director")).orThrow();
        director.sysctl("net.ipv4.ip_forward", "1");
        countForwarding(director);
        real.sysctl("net.ipv4.conf.all.rp_filter", "0");
        real.sysctl("net.ipv4.conf.default.rp_filter", "1"); // a new device starts strict: the endpoint must clear it
        Path dir = Files.createTempDirectory("vigil-tunnel");

        LabProcess endpoint = real.start(VigilPeer.LAUNCHER.toString(), "tunnel-endpoint", "--vip", VIP);
        endpoint.awaitOutput(Pattern.compile("tunnel-endpoint running"), Duration.ofSeconds(60));
        String addresses = real.exec("ip", "-4", "addr", "show", "dev", "vigil-tun").orThrow().stdout();
        assertTrue(addresses.contains("inet " + VIP + "/32"), addresses);
        assertEquals("0", real.exec("sysctl", "-n", "net.ipv4.conf.vigil-tun.rp_filter").orThrow().stdout().strip());

        long forwarded;
        try (ScriptedTunDirector tunnel = ScriptedTunDirector.start(director, "tund", VIP,
                     IpipPackets.address(198, 18, 80, 3));
             Nginx nginx = Nginx.start(real, dir.resolve("nginx"), VIP + ":80", "served through the tunnel")) {
            var curl = client.exec("curl", "-s", "--max-time", "5", "http://" + VIP + "/");
            assertEquals("served through the tunnel", curl.stdout().strip(), curl.toString());
            forwarded = tunnel.awaitQuiet(500);
            assertTrue(forwarded >= 5, "a TCP exchange takes at least 5 client packets, forwarded " + forwarded);

            String log = Files.readString(dir.resolve("nginx").resolve("access.log"));
            assertTrue(log.lines().anyMatch(l -> l.startsWith(lan.address("client") + " ") && l.contains("GET / ")),
                    "nginx saw the client's own address:\n" + log);

            // The director forwarded the client's packets into its tunnel, and not one reply from the VIP: the real
            // server answered the client directly over the LAN.
            assertTrue(forwardCounter(director, "daddr") >= forwarded, "client packets forwarded by the director");
            assertEquals(0, forwardCounter(director, "saddr"), "replies forwarded by the director");

            sendBadIpip(director);
        }

        assertEquals(0, endpoint.terminate(Duration.ofSeconds(20)), endpoint.output());
        Matcher summary = SUMMARY.matcher(endpoint.output());
        assertTrue(summary.find(), endpoint.output());
        System.out.println("director forwarded " + forwarded + " client packets; " + summary.group());
        assertEquals(forwarded + 2, Long.parseLong(summary.group(1)), summary.group());
        assertEquals(forwarded, Long.parseLong(summary.group(2)), summary.group());
        assertEquals(2, Long.parseLong(summary.group(4)), summary.group());
        assertTrue(summary.group(5).contains("truncated_inner=1") && summary.group(5).contains("not_a_vip=1"),
                summary.group());
        assertFalse(real.exec("ip", "link", "show", "dev", "vigil-tun").ok(), "the device is gone");
        assertFalse(real.exec("ip", "-4", "addr").orThrow().stdout().contains(VIP), "the VIP is gone");
    }

    /** One IPIP packet whose inner packet is cut at 10 bytes, one whose inner destination is not the VIP. */
    private static void sendBadIpip(Netns director) throws Exception {
        IpipPackets stranger = new IpipPackets();
        stranger.innerDestination = IpipPackets.address(198, 18, 81, 200);
        byte[] wholeInner = Arrays.copyOfRange(stranger.build(), 20, stranger.build().length);
        byte[] cutInner = Arrays.copyOf(new IpipPackets().build(), 30);
        director.call(() -> {
            try (IpipSocket socket = IpipSocket.open(); Arena arena = Arena.ofConfined()) {
                for (byte[] inner : new byte[][] {Arrays.copyOfRange(cutInner, 20, 30), wholeInner}) {
                    MemorySegment s = arena.allocate(inner.length);
                    MemorySegment.copy(MemorySegment.ofArray(inner), 0, s, 0, inner.length);
                    assertTrue(socket.send(s, inner.length, IpipPackets.address(198, 18, 80, 3)));
                }
            }
            return null;
        });
        Thread.sleep(500);
    }

    /** Counts, in the director's forward hook, packets to ({@code daddr}) or from ({@code saddr}) the VIP. */
    private static void countForwarding(Netns director) {
        director.execWithInput("""
                table ip vtun {
                    chain forwarded {
                        type filter hook forward priority 0; policy accept;
                        ip daddr %1$s counter
                        ip saddr %1$s counter
                    }
                }
                """.formatted(VIP), "nft", "-f", "-").orThrow();
    }

    private static long forwardCounter(Netns director, String field) {
        String chain = director.exec("nft", "list", "chain", "ip", "vtun", "forwarded").orThrow().stdout();
        Matcher m = Pattern.compile("ip " + field + " " + Pattern.quote(VIP) + " counter packets (\\d+)").matcher(chain);
        assertTrue(m.find(), chain);
        return Long.parseLong(m.group(1));
    }

    @Test
    void strictReversePathFilteringIsReportedAndMissingPrivilegesAreNamed() throws Exception {
        Netns host = lab.namespace("rpf");
        host.sysctl("net.ipv4.conf.all.rp_filter", "1");
        LabProcess endpoint = host.start(VigilPeer.LAUNCHER.toString(), "tunnel-endpoint", "--vip", VIP,
                "--device", "rs-tun");
        endpoint.awaitOutput(Pattern.compile("tunnel-endpoint running"), Duration.ofSeconds(60));
        assertTrue(endpoint.output().contains("WARN  TunnelEndpoint: net.ipv4.conf.all.rp_filter is 1 (strict): "
                + "the kernel applies max(all, rs-tun) = 1"), endpoint.output());
        assertEquals(0, endpoint.terminate(Duration.ofSeconds(20)), endpoint.output());
        assertFalse(host.exec("ip", "link", "show", "dev", "rs-tun").ok(), "the device is gone");

        var unprivileged = host.exec(Duration.ofSeconds(60), "setpriv", "--bounding-set=-net_admin,-net_raw",
                VigilPeer.LAUNCHER.toString(), "tunnel-endpoint", "--vip", VIP);
        assertEquals(1, unprivileged.exitCode(), unprivileged.toString());
        assertTrue(unprivileged.stderr().contains("TUNSETIFF") && unprivileged.stderr().contains("EPERM")
                && unprivileged.stderr().contains("needs CAP_NET_ADMIN"), unprivileged.stderr());
    }
}
