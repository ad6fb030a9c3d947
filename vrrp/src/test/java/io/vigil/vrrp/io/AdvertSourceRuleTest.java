package io.vigil.vrrp.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.linux.netlink.IfAddress;
import io.vigil.vrrp.wire.IpFamily;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** keepalived's default advert source, and why there is none (keepalived.md §1.7). */
class AdvertSourceRuleTest {

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static IfAddress address(String literal, int flags) {
        InetAddress a = ip(literal);
        return IfAddress.of(3, a, a.getAddress().length == 4 ? 24 : 64).withFlags(flags);
    }

    private static final AdvertSourceRule V4 = new AdvertSourceRule(IpFamily.IPV4, null);
    private static final AdvertSourceRule V6 = new AdvertSourceRule(IpFamily.IPV6, null);

    @Test
    void ipv4TakesThePrimaryAddressNotASecondaryOne() {
        List<IfAddress> addresses = List.of(address("fd00::5", 0),
                address("198.18.0.7", IfAddress.SECONDARY), address("198.18.0.3", 0));
        assertEquals(ip("198.18.0.3"), V4.choose(addresses).address());
        assertEquals("no IPv4 address", V4.choose(List.of(address("fe80::1", 0))).missing());
    }

    @Test
    void ipv6TakesTheLinkLocalAddressOnceDuplicateAddressDetectionIsOver() {
        IfAddress tentative = address("fe80::1", IfAddress.TENTATIVE | IfAddress.PERMANENT);
        AdvertSourceRule.Choice during = V6.choose(List.of(address("fd00::5", 0), tentative));
        assertNull(during.address(), "a global address is no IPv6 advert source, a tentative one cannot be bound");
        assertTrue(during.missing().startsWith("no usable IPv6 link local address (fe80::1 is tentative"),
                during.missing());
        assertEquals(ip("fe80::1"), V6.choose(List.of(address("fd00::5", 0),
                address("fe80::1", IfAddress.PERMANENT))).address());
        assertEquals("no IPv6 link local address", V6.choose(List.of()).missing());
    }

    @Test
    void aConfiguredSourceCountsOnlyWhenItIsOnTheInterface() {
        AdvertSourceRule rule = new AdvertSourceRule(IpFamily.IPV4, ip("198.18.0.9"));
        AdvertSourceRule.Choice absent = rule.choose(List.of(address("198.18.0.3", 0)));
        assertNull(absent.address());
        assertEquals("198.18.0.9 is not on the interface", absent.missing());
        assertEquals(ip("198.18.0.9"), rule.choose(List.of(address("198.18.0.3", 0),
                address("198.18.0.9", IfAddress.SECONDARY))).address());
    }
}
