package io.vigil.dataplane.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.lab.Netns;
import io.vigil.dataplane.lab.NetnsLab;
import io.vigil.dataplane.linux.netlink.AddressAdded;
import io.vigil.dataplane.linux.netlink.AddressRemoved;
import io.vigil.dataplane.linux.netlink.IfAddress;
import io.vigil.dataplane.linux.netlink.LinkChanged;
import io.vigil.dataplane.linux.netlink.ResyncNeeded;
import io.vigil.dataplane.linux.netlink.RtnetlinkEvent;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The event socket reports what iproute2 and Rtnetlink change, and survives an overrun. */
@Tag("netns")
class RtnetlinkSubscriptionLabTest {

    @RegisterExtension
    static final NetnsLab lab = new NetnsLab();

    private static final short POLLIN = 1;
    private static final int WAIT_ROUNDS = 50;
    private static final int POLL_MILLIS = 100;

    /**
     * Waits on the subscription's fd with poll(2), as an event loop would, and drains into {@code seen} until an
     * event matches (bounded: 50 polls of 100 ms).
     */
    private static RtnetlinkEvent await(RtnetlinkSubscription events, List<RtnetlinkEvent> seen,
                                        Predicate<RtnetlinkEvent> wanted) throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pollfd = arena.allocate(8, 4);
            for (int round = 0; round < WAIT_ROUNDS; round++) {
                var match = seen.stream().filter(wanted).findFirst();
                if (match.isPresent()) {
                    return match.get();
                }
                pollfd.set(JAVA_INT, 0, events.fd());
                pollfd.set(JAVA_SHORT, 4, POLLIN);
                pollfd.set(JAVA_SHORT, 6, (short) 0);
                Libc.poll(pollfd, 1, POLL_MILLIS);
                events.drain(seen::add);
            }
        }
        throw new AssertionError("no matching event among " + seen);
    }

    private static RtnetlinkSubscription subscribe(Netns ns) throws Exception {
        return ns.call(RtnetlinkSubscription::open);
    }

    @Test
    void linkGoingDownAndUpIsReported() throws Exception {
        Netns a = lab.namespace("ela");
        Netns b = lab.namespace("elb");
        lab.veth(a, "va", "198.18.0.1/24", b, "vb", "198.18.0.2/24");
        try (RtnetlinkSubscription events = subscribe(a)) {
            List<RtnetlinkEvent> seen = new ArrayList<>();
            a.exec("ip", "link", "set", "va", "down").orThrow();
            LinkChanged down = (LinkChanged) await(events, seen,
                    e -> e instanceof LinkChanged c && c.link().name().equals("va") && !c.link().adminUp());
            assertTrue(!down.up());
            seen.clear();
            a.exec("ip", "link", "set", "va", "up").orThrow();
            await(events, seen, e -> e instanceof LinkChanged c && c.link().name().equals("va") && c.up());
            assertEquals(0, events.diagnostics().count(), events.diagnostics().toString());
        }
    }

    @Test
    void peerGoingDownTakesTheCarrierAway() throws Exception {
        Netns a = lab.namespace("epa");
        Netns b = lab.namespace("epb");
        lab.veth(a, "va", "198.18.0.1/24", b, "vb", "198.18.0.2/24");
        try (RtnetlinkSubscription events = subscribe(a)) {
            List<RtnetlinkEvent> seen = new ArrayList<>();
            b.exec("ip", "link", "set", "vb", "down").orThrow();
            LinkChanged lost = (LinkChanged) await(events, seen,
                    e -> e instanceof LinkChanged c && c.link().name().equals("va") && !c.link().lowerUp());
            assertTrue(lost.link().adminUp(), "va itself is still administratively up");
            assertTrue(!lost.up());
        }
    }

    @Test
    void addressesAddedAndRemovedAreReported() throws Exception {
        Netns a = lab.namespace("eaa");
        Netns b = lab.namespace("eab");
        lab.veth(a, "va", "198.18.0.1/24", b, "vb", "198.18.0.2/24");
        InetAddress vip = InetAddress.getByName("198.18.0.100");
        InetAddress ula = InetAddress.getByName("fd00:198:18::5");
        try (RtnetlinkSubscription events = subscribe(a)) {
            List<RtnetlinkEvent> seen = new ArrayList<>();
            int va = a.call(() -> {
                try (Rtnetlink nl = Rtnetlink.open()) {
                    int index = nl.link("va").orElseThrow().index();
                    nl.addAddress(IfAddress.of(index, vip, 32));
                    return index;
                }
            });
            AddressAdded added = (AddressAdded) await(events, seen,
                    e -> e instanceof AddressAdded x && x.address().address().equals(vip));
            assertEquals(IfAddress.of(va, vip, 32).withLabel("va").withFlags(0x80), added.address());

            a.exec("ip", "addr", "add", "fd00:198:18::5/64", "dev", "va", "nodad").orThrow();
            await(events, seen, e -> e instanceof AddressAdded x && x.address().address().equals(ula));
            a.exec("ip", "addr", "del", "198.18.0.100/32", "dev", "va").orThrow();
            AddressRemoved removed = (AddressRemoved) await(events, seen,
                    e -> e instanceof AddressRemoved x && x.address().address().equals(vip));
            assertEquals(va, removed.address().index());
            assertEquals(32, removed.address().prefixLength());
        }
    }

    @Test
    void overrunBecomesResyncNeededAndTheSocketKeepsWorking() throws Exception {
        Netns a = lab.namespace("eoa");
        Netns b = lab.namespace("eob");
        lab.veth(a, "va", "198.18.0.1/24", b, "vb", "198.18.0.2/24");
        // The smallest receive buffer the kernel allows holds only a few announcements.
        try (RtnetlinkSubscription events = a.call(() -> RtnetlinkSubscription.open(1))) {
            StringBuilder batch = new StringBuilder();
            for (int i = 1; i <= 60; i++) {
                batch.append("addr add 198.18.1.").append(i).append("/32 dev va\n");
            }
            a.execWithInput(batch.toString(), "ip", "-batch", "-").orThrow();
            List<RtnetlinkEvent> seen = new ArrayList<>();
            ResyncNeeded resync = assertInstanceOf(ResyncNeeded.class,
                    await(events, seen, e -> e instanceof ResyncNeeded));
            assertTrue(resync.reason().contains("ENOBUFS"), resync.reason());

            seen.clear();
            a.exec("ip", "addr", "add", "198.18.2.1/32", "dev", "va").orThrow();
            InetAddress after = InetAddress.getByName("198.18.2.1");
            await(events, seen, e -> e instanceof AddressAdded x && x.address().address().equals(after));
        }
    }
}
