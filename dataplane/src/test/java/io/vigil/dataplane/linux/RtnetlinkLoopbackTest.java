package io.vigil.dataplane.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.linux.netlink.IfAddress;
import io.vigil.dataplane.linux.netlink.Link;
import io.vigil.dataplane.linux.netlink.NetlinkConstants;
import io.vigil.dataplane.linux.netlink.Route;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Read-only requests against this namespace's loopback: no privilege needed, nothing changed. */
class RtnetlinkLoopbackTest {

    @Test
    void loopbackIsListedWithTheIndexLibcKnows() throws Exception {
        try (Rtnetlink nl = Rtnetlink.open()) {
            List<Link> links = nl.links();
            Link lo = links.stream().filter(l -> l.name().equals("lo")).findFirst().orElseThrow();
            assertEquals(Libc.ifNameToIndex("lo"), lo.index());
            assertTrue((lo.flags() & NetlinkConstants.IFF_LOOPBACK) != 0);
            assertEquals(Optional.of(lo), nl.link("lo"));
            assertEquals(Optional.of(lo.name()), nl.link(lo.index()).map(Link::name));
            assertEquals(Optional.empty(), nl.link("vigil-nope0"));
            assertEquals(0, nl.diagnostics().count(), nl.diagnostics().toString());
            assertNotEquals(0, nl.portId());
        }
    }

    @Test
    void loopbackAddressAndRoute() throws Exception {
        try (Rtnetlink nl = Rtnetlink.open()) {
            int lo = Libc.ifNameToIndex("lo");
            List<IfAddress> addresses = nl.addresses(lo);
            IfAddress v4 = addresses.stream().filter(a -> a.family() == NetlinkConstants.AF_INET).findFirst().orElseThrow();
            assertEquals("127.0.0.1/8", v4.cidr());
            assertEquals(NetlinkConstants.RT_SCOPE_HOST, v4.scope());
            assertEquals(Optional.of("lo"), v4.label());

            Route route = nl.routeGet(InetAddress.getByName("127.0.0.2"));
            assertTrue(route.local());
            assertEquals(lo, route.outputIndex());
            assertEquals(Optional.empty(), route.gateway());
        }
    }

    @Test
    void requestsCountSequenceNumbersAcrossCalls() throws Exception {
        try (Rtnetlink nl = Rtnetlink.open()) {
            for (int i = 0; i < 50; i++) {
                assertTrue(nl.link("lo").isPresent());
            }
            assertEquals(0, nl.diagnostics().count(), nl.diagnostics().toString());
        }
    }
}
