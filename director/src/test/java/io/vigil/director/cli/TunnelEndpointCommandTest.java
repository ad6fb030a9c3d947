package io.vigil.director.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line's errors; the running endpoint is tested in the lab (TunnelEndpointLabTest). */
class TunnelEndpointCommandTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new Main().run(List.of(args), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aVipIsRequired() {
        assertEquals(2, run("tunnel-endpoint"));
        assertTrue(err().contains("vigil tunnel-endpoint: missing --vip ADDRESS"), err());
        assertTrue(err().contains("Usage: vigil tunnel-endpoint [-hV] [--device=NAME] [--vip=ADDRESS]..."), err());
    }

    @Test
    void aVipMustBeAnIpv4Literal() {
        assertEquals(2, run("tunnel-endpoint", "--vip", "198.18.1.300"));
        assertTrue(err().contains("--vip '198.18.1.300' is not an IP address, expected an IPv4 address"), err());
    }

    @Test
    void aHostNameIsNotResolved() {
        assertEquals(2, run("tunnel-endpoint", "--vip", "localhost"));
        assertTrue(err().contains("--vip 'localhost' is not an IP address"), err());
    }

    @Test
    void ipv6VipsAreRefusedWithTheReason() {
        assertEquals(2, run("tunnel-endpoint", "--vip", "fd00::100"));
        assertTrue(err().contains("--vip fd00::100 is IPv6; tunnel-endpoint carries IPv4 VIPs only"), err());
    }

    @Test
    void aVipGivenTwiceIsAnError() {
        assertEquals(2, run("tunnel-endpoint", "--vip", "198.18.1.100", "--vip", "198.18.1.100"));
        assertTrue(err().contains("--vip 198.18.1.100 is given twice"), err());
    }

    @Test
    void deviceNamesFollowTheKernelsRules() {
        assertEquals(2, run("tunnel-endpoint", "--vip", "198.18.1.100", "--device", "a-name-far-too-long"));
        assertTrue(err().contains("--device 'a-name-far-too-long': 19 bytes, expected 1 to 15"), err());
        assertEquals(2, run("tunnel-endpoint", "--vip", "198.18.1.100", "--device", "a/b"));
        assertTrue(err().contains("cannot be '.' or '..' nor contain '/'"), err());
    }

    @Test
    void unknownOptionsAndMissingValues() {
        assertEquals(2, run("tunnel-endpoint", "--vips", "198.18.1.100"));
        assertTrue(err().contains("unknown option '--vips'"), err());
        assertEquals(2, run("tunnel-endpoint", "--vip"));
        assertTrue(err().contains("Missing required parameter for option '--vip' (ADDRESS)"), err());
    }
}
