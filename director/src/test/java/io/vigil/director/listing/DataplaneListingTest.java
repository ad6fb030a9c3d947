package io.vigil.director.listing;

import static io.vigil.director.listing.Stats.at;
import static io.vigil.director.listing.Stats.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.api.ForwardingMethod;
import io.vigil.dataplane.api.RealServer;
import io.vigil.dataplane.api.RecordingDataplane;
import io.vigil.dataplane.api.Scheduler;
import io.vigil.dataplane.api.Service;
import io.vigil.dataplane.api.ServiceKey;
import io.vigil.dataplane.api.Timeouts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code vigil list} against the recording dataplane: what was programmed is what is listed. */
class DataplaneListingTest {

    private final RecordingDataplane dataplane = new RecordingDataplane();
    private final ServiceKey web = tcp("198.18.0.10", 80);
    private Rates rates = Rates.NONE;
    private final DataplaneListing listing = new DataplaneListing(dataplane, () -> rates);

    private String list(String... options) {
        return listing.list(ListOptions.parse(List.of(options))).toCompletableFuture().join();
    }

    @Test
    void listsWhatWasProgrammed() {
        dataplane.addService(Service.of(web, Scheduler.RR));
        dataplane.setRealServer(web, RealServer.of(at("198.18.1.3", 80), 1, ForwardingMethod.DR));
        dataplane.setRealServer(web, RealServer.of(at("198.18.1.2", 80), 3, ForwardingMethod.NAT));
        assertEquals("""
                IP Virtual Server version 1.2.1 (size=0)
                Prot LocalAddress:Port Scheduler Flags
                  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
                TCP  198.18.0.10:80 rr
                  -> 198.18.1.2:80                Masq    3      0          0        \s
                  -> 198.18.1.3:80                Route   1      0          0        \s
                """, list("-n"));

        rates = new Rates(Map.of(web, new Rate(7, 0, 0, 0, 0)), Map.of());
        assertTrue(list("--rate").contains("TCP  198.18.0.10:80                      7        0"), list("--rate"));
        dataplane.removeRealServer(web, at("198.18.1.3", 80));
        assertTrue(!list().contains("198.18.1.3"), list());
    }

    @Test
    void timeoutsConnectionsAndJson() {
        dataplane.setTimeouts(new Timeouts(3600, 30, 60));
        assertEquals("Timeout (tcp tcpfin udp): 3600 30 60\n", list("--timeout"));
        assertEquals("IPVS connection entries\n"
                + "pro expire state       source             virtual            destination\n", list("-c", "--timeout"));
        assertEquals("[]\n", list("-c", "--json"));
        dataplane.addService(Service.of(web, Scheduler.WLC));
        assertTrue(list("--json").contains("\"scheduler\": \"wlc\""), list("--json"));
    }
}
