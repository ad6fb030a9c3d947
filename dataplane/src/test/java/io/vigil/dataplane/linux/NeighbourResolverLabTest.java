package io.vigil.dataplane.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.forward.AddressWords;
import io.vigil.dataplane.forward.Neighbours;
import io.vigil.dataplane.forward.NextHop;
import io.vigil.dataplane.lab.Netns;
import io.vigil.dataplane.lab.NetnsLab;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Neighbours fed by the kernel through NeighbourResolver, in A (the director) facing B over va/vb: a neighbour that
 * exists, ones the kernel must resolve first (IPv4 ARP and IPv6 ND), a route via a gateway, one that never answers,
 * and an entry that changes.
 */
@Tag("netns")
class NeighbourResolverLabTest {

    @RegisterExtension
    static final NetnsLab lab = new NetnsLab();

    private static Netns a;
    private static Netns b;
    private static NeighbourResolver resolver;
    private static Neighbours neighbours;
    private static long vaMac;
    private static long vbMac;
    /** Times the resolver said it queued results (what wakes an idle worker). */
    private static final AtomicInteger heard = new AtomicInteger();

    @BeforeAll
    static void topology() throws Exception {
        VethPair pair = VethPair.create(lab);
        a = pair.a();
        b = pair.b();
        lab.address(b, "vb", "198.18.0.3/24");
        a.exec("ip", "addr", "add", "fd00::1/64", "dev", "va", "nodad").orThrow();
        b.exec("ip", "addr", "add", "fd00::2/64", "dev", "vb", "nodad").orThrow();
        a.exec("ip", "route", "add", "198.18.7.0/24", "via", "198.18.0.2").orThrow();
        a.exec("ip", "route", "add", "fd00:7::/64", "via", "fd00::2").orThrow();
        vaMac = mac(a, "va");
        vbMac = mac(b, "vb");
        resolver = a.call(() -> NeighbourResolver.open(Duration.ofMillis(300), Duration.ofMillis(200)));
        resolver.onResults(heard::incrementAndGet);
        resolver.start();
        neighbours = new Neighbours(resolver, 16);
    }

    @AfterAll
    static void stop() throws Exception {
        if (resolver != null) {
            resolver.close();
        }
    }

    private static long mac(Netns ns, String ifName) {
        return Long.parseLong(VethPair.mac(ns, ifName).replace(":", ""), 16);
    }

    /** Looks up like a worker does (lookup, then apply results between batches) until resolved or 5 s pass. */
    private static NextHop await(String destination) throws Exception {
        InetAddress address = InetAddress.getByName(destination);
        long high = AddressWords.high(address);
        long low = AddressWords.low(address);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            NextHop hop = neighbours.nextHop(high, low);
            if (hop != null) {
                return hop;
            }
            Thread.sleep(10);
            neighbours.applyResolutions();
        }
        return null;
    }

    private static String neighbourState(String address) {
        return a.exec("ip", "neigh", "show", address, "dev", "va").orThrow().stdout().strip();
    }

    @Test
    void aNeighbourThatExistsIsUsedAsItIs() throws Exception {
        a.exec("ip", "neigh", "replace", "198.18.0.2", "dev", "va", "lladdr", VethPair.mac(b, "vb"), "nud", "reachable")
                .orThrow();
        NextHop hop = await("198.18.0.2");
        assertEquals(new NextHop(a.call(() -> Libc.ifNameToIndex("va")), "va", vaMac, vbMac, 1500, hop.sourceV4()), hop);
    }

    @Test
    void theListenerHearsOfQueuedResults() throws Exception {
        int before = heard.get();
        a.exec("ip", "neigh", "replace", "198.18.0.5", "dev", "va", "lladdr", "02:00:00:00:00:05", "nud", "permanent")
                .orThrow();
        NextHop hop = await("198.18.0.5");
        assertTrue(hop != null && hop.dstMac() == 0x020000000005L, String.valueOf(hop));
        // It runs just after the result is queued, so maybe after this thread took the result.
        Awaitility.await("the listener ran when the result was queued").atMost(Duration.ofSeconds(10))
                .until(() -> heard.get() > before);
    }

    @Test
    void aMissingNeighbourIsResolvedByTheKernelFirst() throws Exception {
        assertEquals("", neighbourState("198.18.0.3"), "no entry before the lookup");
        InetAddress address = InetAddress.getByName("198.18.0.3");
        assertNull(neighbours.nextHop(AddressWords.high(address), AddressWords.low(address)), "unresolved at first");
        NextHop hop = await("198.18.0.3");
        assertTrue(hop != null && hop.dstMac() == vbMac, String.valueOf(hop));
        assertTrue(neighbourState("198.18.0.3").contains("REACHABLE"), neighbourState("198.18.0.3"));
    }

    @Test
    void anIpv6NeighbourIsResolvedWithNeighbourDiscovery() throws Exception {
        NextHop hop = await("fd00::2");
        assertTrue(hop != null && hop.dstMac() == vbMac && hop.srcMac() == vaMac, String.valueOf(hop));
    }

    @Test
    void aDestinationBehindAGatewayGetsTheGatewaysMac() throws Exception {
        NextHop v4 = await("198.18.7.7");
        assertTrue(v4 != null && v4.dstMac() == vbMac && v4.device().equals("va"), String.valueOf(v4));
        NextHop v6 = await("fd00:7::7");
        assertTrue(v6 != null && v6.dstMac() == vbMac, String.valueOf(v6));
    }

    @Test
    void aNeighbourThatNeverAnswersStaysUnresolved() throws Exception {
        assertNull(await("198.18.0.99"));
        assertTrue(neighbours.unresolvedLookups() > 0);
    }

    @Test
    void aChangedEntryIsPickedUpFromTheKernelsAnnouncement() throws Exception {
        a.exec("ip", "neigh", "replace", "198.18.0.4", "dev", "va", "lladdr", "02:00:00:00:00:04", "nud", "permanent")
                .orThrow();
        NextHop first = await("198.18.0.4");
        assertTrue(first != null && first.dstMac() == 0x020000000004L, String.valueOf(first));
        a.exec("ip", "neigh", "replace", "198.18.0.4", "dev", "va", "lladdr", "02:00:00:00:00:44", "nud", "permanent")
                .orThrow();
        InetAddress address = InetAddress.getByName("198.18.0.4");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        long mac = first.dstMac();
        while (mac != 0x020000000044L && System.nanoTime() < deadline) {
            Thread.sleep(10);
            neighbours.applyResolutions();
            mac = neighbours.nextHopMac(AddressWords.high(address), AddressWords.low(address));
        }
        assertEquals(0x020000000044L, mac);
        assertEquals(0, resolver.failures(), resolver.lastFailure());
    }
}
