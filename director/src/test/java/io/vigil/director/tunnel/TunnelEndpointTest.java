package io.vigil.director.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TunnelEndpointTest {

    @Test
    void strictReversePathFilteringOnAllIsReported() {
        String warning = TunnelEndpoint.reversePathWarning(1, "vigil-tun").orElseThrow();
        assertTrue(warning.contains("net.ipv4.conf.all.rp_filter is 1 (strict)"), warning);
        assertTrue(warning.contains("max(all, vigil-tun)"), warning);
    }

    @Test
    void offOrLooseReversePathFilteringOnAllIsNotReported() {
        assertTrue(TunnelEndpoint.reversePathWarning(0, "vigil-tun").isEmpty());
        assertTrue(TunnelEndpoint.reversePathWarning(2, "vigil-tun").isEmpty());
    }

    @Test
    void countersSummariseDeliveriesAndDropsByReason() {
        TunnelCounters counters = new TunnelCounters();
        counters.count(IpipCheck.DELIVERED, 60);
        counters.count(IpipCheck.DELIVERED, 40);
        counters.count(IpipCheck.NOT_A_VIP, 0);
        counters.count(IpipCheck.TRUNCATED_INNER, 0);
        counters.count(IpipCheck.NOT_A_VIP, 0);
        counters.countReceiveError();
        TunnelStats stats = counters.snapshot();
        assertEquals(5, stats.received());
        assertEquals(2, stats.delivered());
        assertEquals(100, stats.deliveredBytes());
        assertEquals(3, stats.dropped());
        assertEquals("received 5 IPIP packets, delivered 2 (100 bytes), dropped 3 (truncated_inner=1, not_a_vip=2), "
                + "receive errors 1", stats.summary());
    }
}
