package io.vigil.dataplane.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.lab.Netns;
import io.vigil.dataplane.lab.NetnsLab;
import io.vigil.dataplane.linux.netlink.IfAddress;
import io.vigil.dataplane.linux.netlink.Link;
import io.vigil.dataplane.linux.netlink.NetlinkConstants;
import io.vigil.dataplane.linux.netlink.Neighbour;
import io.vigil.dataplane.linux.netlink.Route;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rtnetlink requests against real kernel objects, checked with iproute2 from outside. */
@Tag("netns")
class RtnetlinkLabTest {

    @RegisterExtension
    static final NetnsLab lab = new NetnsLab();

    private static final Pattern ADDR = Pattern.compile("\"local\":\"([^\"]+)\",\"prefixlen\":(\\d+)");

    /** A fresh pair: {@code va} 198.18.0.1/24 in the first namespace, {@code vb} 198.18.0.2/24 in the second. */
    private static Netns[] pair(String tag) {
        Netns a = lab.namespace(tag + "a");
        Netns b = lab.namespace(tag + "b");
        lab.veth(a, "va", "198.18.0.1/24", b, "vb", "198.18.0.2/24");
        return new Netns[] {a, b};
    }

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    /** The addresses {@code ip -j addr show dev IF} reports, as normalised {@code address/prefix}. */
    private static Set<String> ipAddr(Netns ns, String ifName) throws Exception {
        String json = ns.exec("ip", "-j", "addr", "show", "dev", ifName).orThrow().stdout();
        Set<String> out = new TreeSet<>();
        Matcher m = ADDR.matcher(json);
        while (m.find()) {
            out.add(ip(m.group(1)).getHostAddress() + "/" + m.group(2));
        }
        return out;
    }

    private static int index(Netns ns, String ifName) throws Exception {
        return ns.call(() -> {
            try (Rtnetlink nl = Rtnetlink.open()) {
                return nl.link(ifName).orElseThrow().index();
            }
        });
    }

    @Test
    void ipv4AddressAppearsInIpAddrAndDisappearsAfterRemoval() throws Exception {
        Netns a = pair("v4")[0];
        int va = index(a, "va");
        IfAddress vip = IfAddress.of(va, ip("198.18.0.100"), 32).withLabel("va:vip");
        a.call(() -> {
            try (Rtnetlink nl = Rtnetlink.open()) {
                nl.addAddress(vip);
                return null;
            }
        });
        assertEquals(Set.of("198.18.0.1/24", "198.18.0.100/32"), without6(ipAddr(a, "va")));
        String json = a.exec("ip", "-j", "addr", "show", "dev", "va").orThrow().stdout();
        assertTrue(json.contains("\"label\":\"va:vip\""), json);

        a.call(() -> {
            try (Rtnetlink nl = Rtnetlink.open()) {
                nl.removeAddress(vip);
                return null;
            }
        });
        assertEquals(Set.of("198.18.0.1/24"), without6(ipAddr(a, "va")));
    }

    private static Set<String> without6(Set<String> addresses) {
        Set<String> out = new TreeSet<>(addresses);
        out.removeIf(s -> s.contains(":"));
        return out;
    }

    @Test
    void ipv6AddressAppearsAndDisappears() throws Exception {
        Netns a = pair("v6")[0];
        int va = index(a, "va");
        IfAddress ula = IfAddress.of(va, ip("fd00:198:18::100"), 64).withFlags(NetlinkConstants.IFA_F_NODAD);
        String text = ip("fd00:198:18::100").getHostAddress() + "/64";
        List<IfAddress> listed = a.call(() -> {
            try (Rtnetlink nl = Rtnetlink.open()) {
                nl.addAddress(ula);
                return nl.addresses(va);
            }
        });
        assertTrue(ipAddr(a, "va").contains(text), ipAddr(a, "va").toString());
        IfAddress back = listed.stream().filter(x -> x.address().equals(ula.address())).findFirst().orElseThrow();
        assertEquals(64, back.prefixLength());
        assertTrue((back.flags() & NetlinkConstants.IFA_F_NODAD) != 0, "flags " + back.flags());
        assertFalse((back.flags() & NetlinkConstants.IFA_F_TENTATIVE) != 0, "NODAD address is tentative");

        a.call(() -> {
            try (Rtnetlink nl = Rtnetlink.open()) {
                nl.removeAddress(ula);
                return null;
            }
        });
        assertFalse(ipAddr(a, "va").contains(text), ipAddr(a, "va").toString());
    }

    @Test
    void aDeprecatedIpv6AddressIsNeverTheSourceOfTheHostsOwnConnections() throws Exception {
        Netns a = pair("dep")[0];
        int va = index(a, "va");
        IfAddress own = IfAddress.of(va, ip("fd00:198:18::1"), 64).withFlags(NetlinkConstants.IFA_F_NODAD);
        IfAddress vip = IfAddress.of(va, ip("fd00:198:18::100"), 128).withFlags(IfAddress.NODAD | IfAddress.DEPRECATED);
        IfAddress back = a.call(() -> {
            try (Rtnetlink nl = Rtnetlink.open()) {
                nl.addAddress(own);
                nl.addAddress(vip); // the newest address of the prefix: the kernel's choice unless deprecated
                return nl.addresses(va).stream().filter(x -> x.address().equals(vip.address())).findFirst().orElseThrow();
            }
        });
        assertTrue((back.flags() & IfAddress.DEPRECATED) != 0, "flags " + back.flags());
        String shown = a.exec("ip", "-6", "addr", "show", "dev", "va").orThrow().stdout();
        assertTrue(shown.contains("preferred_lft 0sec") && shown.contains("valid_lft forever"), shown);
        String route = a.exec("ip", "-6", "route", "get", "fd00:198:18::9").orThrow().stdout();
        assertTrue(route.contains("src fd00:198:18::1 "), route);
    }

    @Test
    void duplicateAddReportsEexistAndEnsureToleratesIt() throws Exception {
        Netns a = pair("dup")[0];
        int va = index(a, "va");
        IfAddress existing = IfAddress.of(va, ip("198.18.0.1"), 24);
        LinuxException e = assertThrows(LinuxException.class, () -> a.call(() -> {
            try (Rtnetlink nl = Rtnetlink.open()) {
                nl.addAddress(existing);
                return null;
            }
        }));
        assertEquals("RTM_NEWADDR", e.call());
        assertEquals(Errno.EEXIST, e.errno());
        // Kernels with extended acks append their own text, e.g. ", kernel: ipv4: Address already assigned)".
        assertTrue(e.getMessage().startsWith(
                "RTM_NEWADDR failed: EEXIST (17: File exists) (interface va, address 198.18.0.1/24"), e.getMessage());

        boolean[] added = a.call(() -> {
            try (Rtnetlink nl = Rtnetlink.open()) {
                return new boolean[] {nl.ensureAddress(existing), nl.ensureAddress(IfAddress.of(va, ip("198.18.0.7"), 32))};
            }
        });
        assertFalse(added[0], "already there");
        assertTrue(added[1], "newly added");
        assertTrue(ipAddr(a, "va").contains("198.18.0.7/32"));
    }

    @Test
    void removingAMissingAddressReportsEaddrnotavail() throws Exception {
        Netns a = pair("del")[0];
        int va = index(a, "va");
        IfAddress missing = IfAddress.of(va, ip("198.18.0.77"), 32);
        LinuxException e = assertThrows(LinuxException.class, () -> a.call(() -> {
            try (Rtnetlink nl = Rtnetlink.open()) {
                nl.removeAddress(missing);
                return null;
            }
        }));
        assertEquals(Errno.EADDRNOTAVAIL, e.errno());
        assertTrue(e.getMessage().startsWith("RTM_DELADDR failed: EADDRNOTAVAIL (99: Cannot assign requested address) "
                + "(interface va, address 198.18.0.77/32"), e.getMessage());
        assertFalse(a.call(() -> {
            try (Rtnetlink nl = Rtnetlink.open()) {
                return nl.removeAddressIfPresent(missing);
            }
        }));
    }

    @Test
    void linksMatchIpLink() throws Exception {
        Netns a = pair("lnk")[0];
        a.exec("ip", "link", "set", "va", "mtu", "1400").orThrow();
        List<Link> links = a.call(() -> {
            try (Rtnetlink nl = Rtnetlink.open()) {
                return nl.links();
            }
        });
        String json = a.exec("ip", "-j", "link").orThrow().stdout();
        String[] objects = json.split("\\{\"ifindex\":");
        assertEquals(objects.length - 1, links.size(), json);
        for (Link link : links) {
            String object = java.util.Arrays.stream(objects).filter(o -> o.startsWith(link.index() + ","))
                    .findFirst().orElseThrow(() -> new AssertionError("ip link lacks ifindex " + link.index()));
            assertTrue(object.contains("\"ifname\":\"" + link.name() + "\""), object);
            assertTrue(object.contains("\"mtu\":" + link.mtu() + ","), object);
            assertTrue(object.contains("\"operstate\":\"" + link.operState() + "\""), object);
            assertTrue(object.contains("\"address\":\"" + link.address().orElseThrow() + "\""), object);
        }
        Link va = links.stream().filter(l -> l.name().equals("va")).findFirst().orElseThrow();
        assertEquals(1400, va.mtu());
        assertTrue(va.up());
    }

    @Test
    void routeGetNamesTheVethTheGatewayAndTheSource() throws Exception {
        Netns a = pair("rt")[0];
        int va = index(a, "va");
        a.exec("ip", "route", "add", "198.19.0.0/24", "via", "198.18.0.2").orThrow();
        Route[] routes = a.call(() -> {
            try (Rtnetlink nl = Rtnetlink.open()) {
                return new Route[] {nl.routeGet(ip("198.18.0.2")), nl.routeGet(ip("198.19.0.5")), nl.routeGet(ip("198.18.0.1"))};
            }
        });
        assertEquals(new Route(ip("198.18.0.2"), va, Optional.empty(), Optional.of(ip("198.18.0.1")),
                NetlinkConstants.RTN_UNICAST), routes[0]);
        assertEquals(Optional.of(ip("198.18.0.2")), routes[1].gateway());
        assertEquals(va, routes[1].outputIndex());
        assertTrue(routes[2].local());

        LinuxException e = assertThrows(LinuxException.class, () -> a.call(() -> {
            try (Rtnetlink nl = Rtnetlink.open()) {
                return nl.routeGet(ip("198.19.200.1"));
            }
        }));
        assertEquals(Errno.ENETUNREACH, e.errno());
        assertTrue(e.getMessage().startsWith("RTM_GETROUTE failed: ENETUNREACH (101: Network is unreachable) "
                + "(destination 198.19.200.1"), e.getMessage());
    }

    @Test
    void neighbourHasThePeersMacAfterAPing() throws Exception {
        Netns[] ab = pair("nb");
        Netns a = ab[0];
        int va = index(a, "va");
        Link vb = ab[1].call(() -> {
            try (Rtnetlink nl = Rtnetlink.open()) {
                return nl.link("vb").orElseThrow();
            }
        });
        Optional<Neighbour> before = a.call(() -> {
            try (Rtnetlink nl = Rtnetlink.open()) {
                return nl.neighbour(va, ip("198.18.0.2"));
            }
        });
        assertEquals(Optional.empty(), before);
        a.exec("ping", "-c", "1", "-W", "2", "198.18.0.2").orThrow();
        Neighbour after = a.call(() -> {
            try (Rtnetlink nl = Rtnetlink.open()) {
                return nl.neighbour(va, ip("198.18.0.2")).orElseThrow();
            }
        });
        assertEquals(vb.address(), after.linkAddress());
        assertTrue(after.usable(), after.stateName());
        assertEquals(va, after.index());
    }
}
