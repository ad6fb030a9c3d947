package io.vigil.dataplane.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.lab.Netns;
import io.vigil.dataplane.lab.NetnsLab;
import java.net.InetAddress;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * TunRouteAnnouncer in a namespace of its own: announcing a VIP makes a device named from it that carries the VIP
 * as a host address (what BIRD's {@code protocol direct} exports), withdrawing removes the device, and IPv6 works too.
 */
@Tag("netns")
class TunRouteAnnouncerLabTest {

    @RegisterExtension
    static final NetnsLab lab = new NetnsLab();

    @Test
    void deviceNamesComeFromTheVip() throws Exception {
        assertEquals("vipc6126e64", TunRouteAnnouncer.deviceName("vip", InetAddress.getByName("198.18.110.100")));
        String v6 = TunRouteAnnouncer.deviceName("vip", InetAddress.getByName("fd00::100"));
        assertTrue(v6.matches("vip[0-9a-f]{8}"), v6);
        assertThrows(IllegalArgumentException.class, () -> TunRouteAnnouncer.withPrefix("toolong1"));
        assertThrows(IllegalArgumentException.class, () -> TunRouteAnnouncer.withPrefix("9vip"));
    }

    @Test
    void anAnnouncedVipIsAHostAddressOnItsOwnDeviceUntilWithdrawn() throws Exception {
        Netns ns = lab.namespace("announce");
        InetAddress vip = InetAddress.getByName("198.18.84.100");
        InetAddress vip6 = InetAddress.getByName("fd00:198:18:84::100");
        TunRouteAnnouncer announcer = ns.call(() -> {
            TunRouteAnnouncer a = TunRouteAnnouncer.withPrefix("vip");
            a.announce(vip);
            a.announce(vip);
            a.announce(vip6);
            return a;
        });
        try {
            assertEquals(Set.of(vip, vip6), announcer.announced());
            String v4 = ns.exec("ip", "addr", "show", "dev", "vipc6125464").orThrow().stdout();
            assertTrue(v4.contains(",UP") && v4.contains("inet 198.18.84.100/32"), v4);
            String v6name = TunRouteAnnouncer.deviceName("vip", vip6);
            String v6 = ns.exec("ip", "addr", "show", "dev", v6name).orThrow().stdout();
            assertTrue(v6.contains("inet6 fd00:198:18:84::100/128"), v6);
            ns.call(() -> {
                announcer.withdraw(vip);
                return null;
            });
            assertFalse(ns.exec("ip", "link", "show", "dev", "vipc6125464").ok(), "withdrawing removes the device");
            assertEquals(Set.of(vip6), announcer.announced());
        } finally {
            announcer.close();
        }
        assertTrue(announcer.announced().isEmpty());
        assertFalse(ns.exec("ip", "link", "show", "dev", TunRouteAnnouncer.deviceName("vip", vip6)).ok());
    }
}
