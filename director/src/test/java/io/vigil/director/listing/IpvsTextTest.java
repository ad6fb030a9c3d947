package io.vigil.director.listing;

import static io.vigil.dataplane.api.ForwardingMethod.DR;
import static io.vigil.dataplane.api.ForwardingMethod.NAT;
import static io.vigil.dataplane.api.ForwardingMethod.TUN;
import static io.vigil.dataplane.api.SchedulerFlag.FLAG_1;
import static io.vigil.dataplane.api.SchedulerFlag.FLAG_2;
import static io.vigil.dataplane.api.SchedulerFlag.FLAG_3;
import static io.vigil.dataplane.api.SchedulerFlag.ONE_PACKET;
import static io.vigil.director.listing.Stats.at;
import static io.vigil.director.listing.Stats.counters;
import static io.vigil.director.listing.Stats.realServer;
import static io.vigil.director.listing.Stats.service;
import static io.vigil.director.listing.Stats.serviceStats;
import static io.vigil.director.listing.Stats.stats;
import static io.vigil.director.listing.Stats.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigil.dataplane.api.ConnectionEntry;
import io.vigil.dataplane.api.Counters;
import io.vigil.dataplane.api.DataplaneStats;
import io.vigil.dataplane.api.Protocol;
import io.vigil.dataplane.api.Scheduler;
import io.vigil.dataplane.api.Service;
import io.vigil.dataplane.api.ServiceKey;
import io.vigil.dataplane.api.Timeouts;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** ipvsadm's formats, pinned with literal text (ipvsadm.c 1.31 printf formats, dataplane.md §1.7). */
class IpvsTextTest {

    private static final ListOptions PLAIN = ListOptions.DEFAULT;
    private static final ListOptions STATS = ListOptions.parse(List.of("--stats"));
    private static final ListOptions RATE = ListOptions.parse(List.of("--rate"));

    @Test
    void plainListingSortsAsIpvsadmAndPrintsFlagsPersistenceAndOps() {
        ServiceKey web = tcp("198.18.0.10", 80);
        DataplaneStats s = stats(65536,
                serviceStats(Service.of(ServiceKey.fwmark(7, true), Scheduler.WLC), Counters.ZERO),
                serviceStats(service(ServiceKey.fwmark(7, false), Scheduler.SH, Set.of(FLAG_1, FLAG_2), 300, 24),
                        Counters.ZERO, realServer(at("198.18.1.9", 0), 2, DR, 0, 0, Counters.ZERO)),
                serviceStats(service(ServiceKey.of(Protocol.UDP, InetAddress.ofLiteral("198.18.0.10"), 53),
                        Scheduler.RR, Set.of(ONE_PACKET), 0, 32), Counters.ZERO),
                serviceStats(service(tcp("fd00::10", 80), Scheduler.MH, Set.of(FLAG_1), 600, 64), Counters.ZERO,
                        realServer(at("fd00::2:1", 80), 1, DR, 0, 0, Counters.ZERO)),
                serviceStats(Service.of(ServiceKey.of(Protocol.SCTP, InetAddress.ofLiteral("198.18.0.10"), 3868),
                        Scheduler.WRR), Counters.ZERO),
                serviceStats(service(tcp("198.18.0.10", 443), Scheduler.RR, Set.of(FLAG_1, FLAG_3), 300, 32),
                        Counters.ZERO),
                serviceStats(service(tcp("fd00::10", 443), Scheduler.SH, Set.of(FLAG_3), 300, 128), Counters.ZERO),
                serviceStats(Service.of(web, Scheduler.WLC), Counters.ZERO,
                        realServer(at("198.18.1.10", 80), 1, DR, 12, 40, Counters.ZERO),
                        realServer(at("198.18.1.9", 8080), 3, NAT, 0, 1, Counters.ZERO),
                        realServer(at("198.18.1.9", 80), 0, TUN, 5, 7, Counters.ZERO)),
                serviceStats(Service.of(tcp("198.18.0.200", 80), Scheduler.WLC), Counters.ZERO,
                        realServer(at("198.18.1.200", 80), 1, NAT, 0, 0, Counters.ZERO),
                        realServer(at("198.18.1.20", 80), 1, NAT, 0, 0, Counters.ZERO)),
                serviceStats(Service.of(tcp("198.18.0.9", 80), Scheduler.WLC), Counters.ZERO));

        assertEquals("""
                IP Virtual Server version 1.2.1 (size=65536)
                Prot LocalAddress:Port Scheduler Flags
                  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
                TCP  198.18.0.9:80 wlc
                TCP  198.18.0.10:80 wlc
                  -> 198.18.1.9:80                Tunnel  0      5          7        \s
                  -> 198.18.1.9:8080              Masq    3      0          1        \s
                  -> 198.18.1.10:80               Route   1      12         40       \s
                TCP  198.18.0.10:443 rr (flag-1,flag-3) persistent 300
                TCP  198.18.0.200:80 wlc
                  -> 198.18.1.20:80               Masq    1      0          0        \s
                  -> 198.18.1.200:80              Masq    1      0          0        \s
                UDP  198.18.0.10:53 rr ops
                SCTP 198.18.0.10:3868 wrr
                TCP  [fd00::10]:80 mh (mh-fallback) persistent 600 mask 64
                  -> [fd00::2:1]:80               Route   1      0          0        \s
                TCP  [fd00::10]:443 sh () persistent 300
                FWM  7 sh (sh-fallback,sh-port) persistent 300 mask 255.255.255.0
                  -> 198.18.1.9:0                 Route   2      0          0        \s
                FWM  7 IPv6 wlc
                """, IpvsText.services(s, Rates.NONE, PLAIN));
    }

    private static DataplaneStats bigCounters() {
        return stats(4096,
                serviceStats(Service.of(ServiceKey.fwmark(7, false), Scheduler.WLC), counters(1, 2, 3, 4, 5)),
                serviceStats(Service.of(tcp("198.18.0.10", 80), Scheduler.WLC),
                        counters(99_999_999L, 100_000_000L, 999_999_999L, 1_000_000_000L, 99_999_999_999L),
                        realServer(at("198.18.1.9", 80), 1, NAT, 0, 0, counters(100_000_000_000L,
                                99_999_999_999_999L, 100_000_000_000_000L, 0, 12345))));
    }

    @Test
    void statsUseLargeNumbersWithKMGT() {
        assertEquals("""
                IP Virtual Server version 1.2.1 (size=4096)
                Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes
                  -> RemoteAddress:Port
                TCP  198.18.0.10:80               99999999  100000K  999999K    1000M   99999M
                  -> 198.18.1.9:80                    100G   99999G     100T        0    12345
                FWM  7                                   1        2        3        4        5
                """, IpvsText.services(bigCounters(), Rates.NONE, STATS));
    }

    @Test
    void exactStatsWidenTheColumns() {
        assertEquals("""
                IP Virtual Server version 1.2.1 (size=4096)
                Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes
                  -> RemoteAddress:Port
                TCP  198.18.0.10:80               99999999 100000000 999999999 1000000000 99999999999
                  -> 198.18.1.9:80                100000000000 99999999999999 100000000000000        0    12345
                FWM  7                                   1        2        3        4        5
                """, IpvsText.services(bigCounters(), Rates.NONE, ListOptions.parse(List.of("--stats", "-X"))));
    }

    @Test
    void statsWinOverRate() {
        assertEquals(IpvsText.services(bigCounters(), Rates.NONE, STATS),
                IpvsText.services(bigCounters(), Rates.NONE, ListOptions.parse(List.of("--rate", "--stats"))));
    }

    @Test
    void rateRowsPrintRealServersRatesUnabridged() {
        ServiceKey web = tcp("198.18.0.10", 80);
        DataplaneStats s = stats(4096, serviceStats(Service.of(web, Scheduler.WLC), Counters.ZERO,
                realServer(at("198.18.1.10", 80), 1, NAT, 0, 0, Counters.ZERO),
                realServer(at("198.18.1.9", 80), 1, NAT, 0, 0, Counters.ZERO)));
        Rates rates = new Rates(Map.of(web, new Rate(500, 1200, 1100, 123_456_789L, 98765)), Map.of(web, Map.of(
                at("198.18.1.9", 80), new Rate(250, 600, 550, 61_728_394L, 49382),
                at("198.18.1.10", 80), new Rate(123_456_789L, 0, 0, 1_000_000_000L, 0))));
        assertEquals("""
                IP Virtual Server version 1.2.1 (size=4096)
                Prot LocalAddress:Port                 CPS    InPPS   OutPPS    InBPS   OutBPS
                  -> RemoteAddress:Port
                TCP  198.18.0.10:80                    500     1200     1100  123456K    98765
                  -> 198.18.1.9:80                     250      600      550 61728394    49382
                  -> 198.18.1.10:80               123456789        0        0    1000M        0
                """, IpvsText.services(s, rates, RATE));
    }

    @Test
    void largeNumberBoundaries() {
        assertEquals(" 99999999", IpvsText.largeNumber(99_999_999L, false));
        assertEquals("  100000K", IpvsText.largeNumber(100_000_000L, false));
        assertEquals("    1000M", IpvsText.largeNumber(1_000_000_000L, false));
        assertEquals("     100G", IpvsText.largeNumber(100_000_000_000L, false));
        assertEquals("     100T", IpvsText.largeNumber(100_000_000_000_000L, false));
        assertEquals("        0", IpvsText.largeNumber(0, true));
        assertEquals(" 12345678", IpvsText.largeNumber(12_345_678L, true));
        assertEquals(" 123456789", IpvsText.largeNumber(123_456_789L, true));
    }

    @Test
    void connectionTableAsIpvsadmLnc() {
        List<ConnectionEntry> entries = List.of(
                new ConnectionEntry(Protocol.TCP, at("198.18.2.1", 40000), at("198.18.0.10", 80), at("198.18.1.9", 80),
                        "ESTABLISHED", 898_999, NAT, false),
                new ConnectionEntry(Protocol.UDP, at("198.18.2.1", 5353), at("198.18.0.10", 53), at("198.18.1.9", 53),
                        "UDP", 299_500, NAT, false),
                new ConnectionEntry(Protocol.TCP, at("198.18.2.0", 0), at("198.18.0.10", 0), at("198.18.1.9", 0),
                        "NONE", 7_200_000, NAT, true),
                new ConnectionEntry(Protocol.TCP, at("fd00::2:5", 51000), at("fd00::10", 80), at("fd00::2:1", 80),
                        "SYN_RECV", 59_999, DR, false),
                new ConnectionEntry(Protocol.SCTP, at("198.18.2.1", 2000), at("198.18.0.10", 3868),
                        at("198.18.1.9", 3868), "ESTABLISHED", -5, NAT, false));
        assertEquals("""
                IPVS connection entries
                pro expire state       source             virtual            destination
                TCP 14:58  ESTABLISHED 198.18.2.1:40000   198.18.0.10:80     198.18.1.9:80
                UDP 04:59  UDP         198.18.2.1:5353    198.18.0.10:53     198.18.1.9:53
                TCP 120:00 NONE        198.18.2.0:0       198.18.0.10:0      198.18.1.9:0
                TCP 00:59  SYN_RECV    [fd00::2:5]:51000  [fd00::10]:80      [fd00::2:1]:80
                SCTP 00:00  ESTABLISHED 198.18.2.1:2000    198.18.0.10:3868   198.18.1.9:3868
                """, IpvsText.connections(entries));
    }

    @Test
    void syncedEntriesEndInSync() {
        List<ConnectionEntry> entries = List.of(
                new ConnectionEntry(Protocol.TCP, at("198.18.2.1", 40000), at("198.18.0.10", 80), at("198.18.1.9", 80),
                        "ESTABLISHED", 898_999, DR, false, true),
                new ConnectionEntry(Protocol.TCP, at("198.18.2.2", 40001), at("198.18.0.10", 80), at("198.18.1.9", 80),
                        "ESTABLISHED", 898_999, DR, false, false));
        assertEquals("""
                IPVS connection entries
                pro expire state       source             virtual            destination
                TCP 14:58  ESTABLISHED 198.18.2.1:40000   198.18.0.10:80     198.18.1.9:80 SYNC
                TCP 14:58  ESTABLISHED 198.18.2.2:40001   198.18.0.10:80     198.18.1.9:80
                """, IpvsText.connections(entries));
    }

    @Test
    void timeouts() {
        assertEquals("Timeout (tcp tcpfin udp): 900 120 300\n", IpvsText.timeouts(Timeouts.IPVS_DEFAULTS));
        assertEquals("Timeout (tcp tcpfin udp): 3600 30 60\n", IpvsText.timeouts(new Timeouts(3600, 30, 60)));
    }

    @Test
    void ipv4MaskOnlyWhenNotTheFullMask() {
        assertEquals("wlc persistent 300", IpvsText.description(
                service(tcp("198.18.0.10", 80), Scheduler.WLC, Set.of(), 300, 32)));
        assertEquals("wlc persistent 300 mask 0.0.0.0", IpvsText.description(
                service(tcp("198.18.0.10", 80), Scheduler.WLC, Set.of(), 300, 0)));
        assertEquals("wlc persistent 300 mask 255.255.255.254", IpvsText.description(
                service(tcp("198.18.0.10", 80), Scheduler.WLC, Set.of(), 300, 31)));
        assertEquals("rr", IpvsText.description(service(tcp("198.18.0.10", 80), Scheduler.RR, Set.of(), 0, 24)),
                "no mask without persistence");
    }
}
