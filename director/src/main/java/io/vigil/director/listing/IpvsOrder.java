package io.vigil.director.listing;

import io.vigil.dataplane.api.RealServerStats;
import io.vigil.dataplane.api.ServiceKey;
import io.vigil.dataplane.api.ServiceStats;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The order ipvsadm lists in (libipvs.c {@code ipvs_cmp_services}, {@code ipvs_cmp_dests}): services by fwmark,
 * family (IPv4 first), protocol number, address and port, so plain services come before fwmark services; real
 * servers by address and port. Addresses compare as unsigned numbers. (ipvsadm subtracts two 32-bit words and keeps
 * the sign of an int, which misorders addresses more than 2^31 apart; this order is the one it means.)
 */
public final class IpvsOrder {

    /** ipvsadm's service order. */
    public static final Comparator<ServiceStats> SERVICES = Comparator
            .comparingLong((ServiceStats s) -> Integer.toUnsignedLong(s.service().key().fwmark()))
            .thenComparing(s -> s.service().key().ipv6())
            .thenComparingInt(s -> protocolNumber(s.service().key()))
            .thenComparing((a, b) -> compare(a.service().key().address(), b.service().key().address()))
            .thenComparingInt(s -> s.service().key().port());

    /** ipvsadm's real-server order. */
    public static final Comparator<RealServerStats> REAL_SERVERS = Comparator
            .comparing((RealServerStats r) -> r.realServer().address(), IpvsOrder::compare);

    private IpvsOrder() {
    }

    private static int protocolNumber(ServiceKey key) {
        return key.protocol() == null ? 0 : key.protocol().number();
    }

    private static int compare(InetSocketAddress a, InetSocketAddress b) {
        int c = compare(a.getAddress(), b.getAddress());
        return c != 0 ? c : Integer.compare(a.getPort(), b.getPort());
    }

    /** IPv4 before IPv6, then as unsigned numbers; null (a fwmark service) first. */
    private static int compare(InetAddress a, InetAddress b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        byte[] x = a.getAddress();
        byte[] y = b.getAddress();
        return x.length != y.length ? Integer.compare(x.length, y.length) : Arrays.compareUnsigned(x, y);
    }
}
