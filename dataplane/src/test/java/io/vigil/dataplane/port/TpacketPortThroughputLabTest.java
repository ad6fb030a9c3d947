package io.vigil.dataplane.port;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.lab.Netns;
import io.vigil.dataplane.lab.NetnsLab;
import io.vigil.dataplane.linux.VethPair;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A small side-by-side measurement, not a timed assertion: one thread transmits 60-byte frames in batches of 64
 * (transmit ... flush, as a worker does) through each {@link TransmitMode} for two seconds, twice, alternating; B counts and drops them
 * in a netdev ingress counter. Prints the rates; asserts only that what B counted is what the port sent.
 */
@Tag("netns")
class TpacketPortThroughputLabTest {

    @RegisterExtension
    static final NetnsLab lab = new NetnsLab();

    private static final int BATCH = 64;
    private static final long MEASURE_NANOS = 2_000_000_000L;
    private static Netns a;
    private static Netns b;

    @BeforeAll
    static void topology() {
        VethPair pair = VethPair.create(lab);
        a = pair.a();
        b = pair.b();
        b.execWithInput("""
                table netdev sink {
                \tchain in {
                \t\ttype filter hook ingress device "vb" priority 0; policy accept;
                \t\tudp dport 9 counter drop
                \t}
                }
                """, "nft", "-f", "-").orThrow();
    }

    private static long sinkPackets() {
        String listing = b.exec("nft", "list", "chain", "netdev", "sink", "in").orThrow().stdout();
        Matcher m = Pattern.compile("counter packets (\\d+)").matcher(listing);
        assertTrue(m.find(), listing);
        return Long.parseLong(m.group(1));
    }

    private static long blast(TpacketPort port, MemorySegment frame, int length, long nanos) {
        long sent = 0;
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            for (int i = 0; i < BATCH; i++) {
                if (port.transmit(frame, 0, length)) {
                    sent++;
                }
            }
            port.flush();
        }
        return sent;
    }

    @Test
    void txRingAndSendtoSideBySide() throws Exception {
        StringBuilder report = new StringBuilder("TpacketPort transmit, 60-byte frames, batches of " + BATCH + ":");
        // Each mode twice, alternating, so neither gets the quieter or the better-compiled moment of a shared machine.
        TransmitMode[] order = {TransmitMode.TX_RING, TransmitMode.SENDTO, TransmitMode.TX_RING, TransmitMode.SENDTO};
        for (TransmitMode mode : order) {
            try (TpacketPort port = a.call(() -> TpacketPort.open("va", TpacketConfig.defaults().withTransmitMode(mode)));
                 Arena arena = Arena.ofConfined()) {
                MemorySegment frame = arena.allocate(128);
                int length = UdpFrame.write(frame, port.macAddress(), TpacketPortLabTest.mac(b, "vb"),
                        InetAddress.getByName("198.18.0.1"), InetAddress.getByName("198.18.0.2"), 40000, 9,
                        new byte[18]);
                blast(port, frame, length, MEASURE_NANOS / 2); // warm-up: let C2 compile the loop
                Thread.sleep(200);
                long before = sinkPackets();
                long accepted = port.stats().transmitted();
                long start = System.nanoTime();
                blast(port, frame, length, MEASURE_NANOS);
                double seconds = (System.nanoTime() - start) / 1e9;
                Thread.sleep(200);
                long sent = port.stats().transmitted() - accepted;
                long delivered = sinkPackets() - before;
                report.append(String.format("%n  %-8s sent %,d pps, delivered %,d pps (%,d of %,d), %,d refused",
                        mode, Math.round(sent / seconds), Math.round(delivered / seconds), delivered, sent,
                        port.transmitFailures()));
                assertTrue(sent > 0 && delivered > 0 && delivered <= sent, report.toString());
            }
        }
        System.out.println(report);
    }
}
