package io.vigil.director.listing;

import io.netty.util.NetUtil;
import io.vigil.dataplane.api.ConnectionEntry;
import io.vigil.dataplane.api.Counters;
import io.vigil.dataplane.api.DataplaneStats;
import io.vigil.dataplane.api.RealServerStats;
import io.vigil.dataplane.api.Scheduler;
import io.vigil.dataplane.api.Service;
import io.vigil.dataplane.api.ServiceKey;
import io.vigil.dataplane.api.ServiceStats;
import io.vigil.dataplane.api.Timeouts;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.vigil.dataplane.api.SchedulerFlag.FLAG_1;
import static io.vigil.dataplane.api.SchedulerFlag.FLAG_2;
import static io.vigil.dataplane.api.SchedulerFlag.FLAG_3;
import static io.vigil.dataplane.api.SchedulerFlag.ONE_PACKET;

/**
 * ipvsadm's text formats, byte for byte (ipvsadm.c 1.31: {@code list_all}, {@code print_title},
 * {@code print_service_entry}, {@code print_sched_flags}, {@code print_largenum}, {@code list_conn},
 * {@code print_conn}, {@code list_timeout}; dataplane.md §1.7), with numeric addresses ({@code -n}). The title's
 * {@code size} is the connection table's capacity in entries (IPVS prints its number of hash buckets, which is not
 * a bound; ours is). ipvsadm cuts IPv4 names at 33 and 28 characters, which numeric names never reach. Pure.
 */
public final class IpvsText {

    /** The IPVS version ipvsadm prints; every kernel since 2.6.29 reports 1.2.1. */
    static final String IPVS_VERSION = "1.2.1";

    private IpvsText() {
    }

    /** {@code ipvsadm -Ln} with {@code --stats}, {@code --rate} and {@code --exact} as {@code options} say. */
    public static String services(DataplaneStats stats, Rates rates, ListOptions options) {
        StringBuilder out = new StringBuilder();
        out.append("IP Virtual Server version ").append(IPVS_VERSION).append(" (size=")
                .append(stats.connectionCapacity()).append(")\n");
        out.append(title(options));
        List<ServiceStats> services = new ArrayList<>(stats.services());
        services.sort(IpvsOrder.SERVICES);
        for (ServiceStats s : services) {
            service(out, s, rates, options);
        }
        return out.toString();
    }

    /** {@code ipvsadm -Ln --timeout}. */
    public static String timeouts(Timeouts t) {
        return "Timeout (tcp tcpfin udp): " + t.tcpSeconds() + " " + t.tcpFinSeconds() + " " + t.udpSeconds() + "\n";
    }

    /**
     * {@code ipvsadm -Lnc}: the entries in the order given (ipvsadm prints the kernel's hash order). An entry a sync
     * message made or last updated ends in {@code SYNC}, the Origin word of /proc/net/ip_vs_conn_sync (ipvsadm
     * itself shows no origin); local entries print exactly as ipvsadm's.
     */
    public static String connections(List<ConnectionEntry> entries) {
        StringBuilder out = new StringBuilder("IPVS connection entries\n");
        out.append(String.format(Locale.ROOT, "pro expire %-11s %-18s %-18s %s\n", "state", "source", "virtual",
                "destination"));
        for (ConnectionEntry e : entries) {
            long seconds = Math.max(0, e.expiresMillis() / 1000);
            String expire = String.format(Locale.ROOT, "%02d:%02d", seconds / 60, seconds % 60);
            out.append(String.format(Locale.ROOT, "%-3s %-6s %-11s %-18s %-18s %s\n", e.protocol().name(), expire,
                    e.state(), addressPort(e.client()), addressPort(e.virtual()), addressPort(e.destination())));
            if (e.synced()) {
                out.setLength(out.length() - 1);
                out.append(" SYNC\n");
            }
        }
        return out.toString();
    }

    /**
     * {@code print_largenum}: nine columns; from 100 million on, thousands (K), millions (M, from 1e9), billions
     * (G, from 1e11) or trillions (T, from 1e14), unless {@code exact}, which widens the column as needed.
     */
    public static String largeNumber(long n, boolean exact) {
        String digits = Long.toUnsignedString(n);
        if (exact) {
            return " ".repeat(digits.length() <= 8 ? 9 - digits.length() : 1) + digits;
        }
        if (Long.compareUnsigned(n, 100_000_000L) < 0) {
            return String.format(Locale.ROOT, "%9s", digits);
        }
        if (Long.compareUnsigned(n, 1_000_000_000L) < 0) {
            return String.format(Locale.ROOT, "%8sK", Long.divideUnsigned(n, 1_000L));
        }
        if (Long.compareUnsigned(n, 100_000_000_000L) < 0) {
            return String.format(Locale.ROOT, "%8sM", Long.divideUnsigned(n, 1_000_000L));
        }
        if (Long.compareUnsigned(n, 100_000_000_000_000L) < 0) {
            return String.format(Locale.ROOT, "%8sG", Long.divideUnsigned(n, 1_000_000_000L));
        }
        return String.format(Locale.ROOT, "%8sT", Long.divideUnsigned(n, 1_000_000_000_000L));
    }

    /** {@code 198.18.0.10:80}, {@code [fd00::1]:80}: ipvsadm's numeric {@code addrport_to_anyname}. */
    public static String addressPort(InetSocketAddress a) {
        return host(a.getAddress()) + ":" + a.getPort();
    }

    /** {@code TCP  198.18.0.10:80}, {@code FWM  7}, {@code FWM  7 IPv6}: ipvsadm's service name. */
    public static String serviceName(ServiceKey key) {
        if (key.isFwmark()) {
            return "FWM  " + Integer.toUnsignedString(key.fwmark()) + (key.ipv6() ? " IPv6" : "");
        }
        return String.format(Locale.ROOT, "%-4s %s", key.protocol().name(),
                addressPort(new InetSocketAddress(key.address(), key.port())));
    }

    /**
     * The scheduler flags as ipvsadm names them: {@code sh-fallback,sh-port} with sh, {@code mh-fallback,mh-port}
     * with mh, else {@code flag-1,flag-2,flag-3}; empty when none applies.
     */
    public static String schedulerFlags(Service s) {
        List<String> names = new ArrayList<>();
        if (s.scheduler() == Scheduler.SH || s.scheduler() == Scheduler.MH) {
            String prefix = s.scheduler().ipvsName();
            if (s.has(FLAG_1)) {
                names.add(prefix + "-fallback");
            }
            if (s.has(FLAG_2)) {
                names.add(prefix + "-port");
            }
        } else {
            if (s.has(FLAG_1)) {
                names.add("flag-1");
            }
            if (s.has(FLAG_2)) {
                names.add("flag-2");
            }
            if (s.has(FLAG_3)) {
                names.add("flag-3");
            }
        }
        return String.join(",", names);
    }

    private static String title(ListOptions o) {
        if (o.stats()) {
            return String.format(Locale.ROOT, "%-33s %8s %8s %8s %8s %8s\n  -> RemoteAddress:Port\n",
                    "Prot LocalAddress:Port", "Conns", "InPkts", "OutPkts", "InBytes", "OutBytes");
        }
        if (o.rate()) {
            return String.format(Locale.ROOT, "%-33s %8s %8s %8s %8s %8s\n  -> RemoteAddress:Port\n",
                    "Prot LocalAddress:Port", "CPS", "InPPS", "OutPPS", "InBPS", "OutBPS");
        }
        return "Prot LocalAddress:Port Scheduler Flags\n"
                + "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n";
    }

    private static void service(StringBuilder out, ServiceStats s, Rates rates, ListOptions o) {
        ServiceKey key = s.service().key();
        String name = serviceName(key);
        if (o.stats()) {
            out.append(String.format(Locale.ROOT, "%-33s", name)).append(counters(s.counters(), o.exact()));
        } else if (o.rate()) {
            Rate r = rates.service(key);
            out.append(String.format(Locale.ROOT, "%-33s", name)).append(largeNumber(r.cps(), o.exact()))
                    .append(largeNumber(r.inpps(), o.exact())).append(largeNumber(r.outpps(), o.exact()))
                    .append(largeNumber(r.inbps(), o.exact())).append(largeNumber(r.outbps(), o.exact()));
        } else {
            out.append(name).append(' ').append(description(s.service()));
        }
        out.append('\n');
        List<RealServerStats> pool = new ArrayList<>(s.realServers());
        pool.sort(IpvsOrder.REAL_SERVERS);
        for (RealServerStats rs : pool) {
            String dname = addressPort(rs.realServer().address());
            if (o.stats()) {
                out.append(String.format(Locale.ROOT, "  -> %-28s", dname)).append(counters(rs.counters(), o.exact()));
            } else if (o.rate()) {
                Rate r = rates.realServer(key, rs.realServer().address());
                out.append(String.format(Locale.ROOT, "  -> %-28s %8d %8d %8d", dname, r.cps(), r.inpps(), r.outpps()))
                        .append(largeNumber(r.inbps(), o.exact())).append(largeNumber(r.outbps(), o.exact()));
            } else {
                out.append(String.format(Locale.ROOT, "  -> %-28s %-7s %-6d %-10d %-10d", dname,
                        rs.realServer().method().forwardColumn(), rs.realServer().weight(), rs.activeConnections(),
                        rs.inactiveConnections()));
            }
            out.append('\n');
        }
    }

    /** {@code wlc}, {@code sh (sh-fallback,sh-port) persistent 300 mask 255.255.255.0 ops}. */
    static String description(Service s) {
        StringBuilder out = new StringBuilder(s.scheduler().ipvsName());
        if (s.has(FLAG_1) || s.has(FLAG_2) || s.has(FLAG_3)) {
            out.append(" (").append(schedulerFlags(s)).append(')');
        }
        if (s.persistent()) {
            out.append(" persistent ").append(s.persistenceSeconds());
            if (!s.key().ipv6() && s.persistencePrefix() != 32) {
                out.append(" mask ").append(ipv4Mask(s.persistencePrefix()));
            } else if (s.key().ipv6() && s.persistencePrefix() != 128) {
                out.append(" mask ").append(s.persistencePrefix());
            }
        }
        if (s.has(ONE_PACKET)) {
            out.append(" ops");
        }
        return out.toString();
    }

    private static String counters(Counters c, boolean exact) {
        return largeNumber(c.connections(), exact) + largeNumber(c.packetsIn(), exact)
                + largeNumber(c.packetsOut(), exact) + largeNumber(c.bytesIn(), exact)
                + largeNumber(c.bytesOut(), exact);
    }

    private static String ipv4Mask(int prefix) {
        int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
        return (mask >>> 24) + "." + ((mask >>> 16) & 0xff) + "." + ((mask >>> 8) & 0xff) + "." + (mask & 0xff);
    }

    private static String host(InetAddress a) {
        String text = NetUtil.toAddressString(a);
        return a instanceof Inet6Address ? "[" + text + "]" : text;
    }
}
