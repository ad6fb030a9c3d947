package io.vigil.vrrp.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class VipTest {

    @Test
    void ipv6VipsPrintInTheShortFormKeepalivedAndIpUse() throws Exception {
        // RFC 5952 §4.2: the longest run of zero groups becomes ::, as inet_ntop and `ip addr` print it.
        Vip vip = new Vip(InetAddress.getByName("fd00:198:18:31:0:0:0:100"), 64, "eth0", null, 0, null);
        assertEquals("fd00:198:18:31::100/64 dev eth0", vip.toString());
        assertEquals("198.18.0.100/32 dev eth0", Vip.host(InetAddress.getByName("198.18.0.100"), "eth0").toString());
        assertEquals("fd00::1/128 dev eth0", Vip.host(InetAddress.getByName("fd00::1"), "eth0").toString());
    }

    @Test
    void prefixLengthBeyondTheFamilyIsRejected() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Vip(InetAddress.getByName("fd00::1"), 129, "eth0", null, 0, null));
        assertEquals("prefix length /129 for fd00:0:0:0:0:0:0:1, expected 0..128", e.getMessage());
    }
}
