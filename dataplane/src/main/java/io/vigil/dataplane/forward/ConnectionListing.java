package io.vigil.dataplane.forward;

import io.vigil.dataplane.api.ConnectionEntry;
import io.vigil.dataplane.api.Protocol;
import io.vigil.dataplane.api.ServiceKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The connection table as {@code ipvsadm -Lnc} lists it, for {@code vigil list -c}. Control path: it allocates.
 * Called on the table's thread (through {@link ConnectionTable#snapshot}).
 */
final class ConnectionListing {

    private static final long NANOS_PER_MILLI = 1_000_000L;

    private ConnectionListing() {
    }

    static List<ConnectionEntry> list(ConnectionTable table, long nowNanos, IntFunction<ServiceKey> services) {
        List<ConnectionEntry> entries = new ArrayList<>(table.size());
        for (int s = 0; s < table.capacity(); s++) {
            if (table.inUse(s)) {
                entries.add(entry(table, s, nowNanos, services));
            }
        }
        return entries;
    }

    private static ConnectionEntry entry(ConnectionTable table, int s, long nowNanos,
                                         IntFunction<ServiceKey> services) {
        boolean template = table.isTemplate(s);
        Protocol protocol;
        InetSocketAddress virtual;
        String state;
        if (template) {
            ServiceKey key = services.apply(table.serviceId(s));
            protocol = key == null ? null : key.protocol();
            virtual = key == null ? null : new InetSocketAddress(serviceAddress(key), key.port());
            state = "NONE";
        } else {
            protocol = Protocol.ofNumber(table.protocol(s));
            virtual = socketAddress(table.virtualHigh(s), table.virtualLow(s), table.virtualPort(s));
            int code = table.state(s);
            state = code == ConnectionTable.STATE_UDP ? "UDP" : TcpConnectionState.name(code);
        }
        long leftMillis = Math.max(0, table.deadlineNanos(s) - nowNanos) / NANOS_PER_MILLI;
        return new ConnectionEntry(protocol, socketAddress(table.clientHigh(s), table.clientLow(s),
                table.clientPort(s)), virtual, socketAddress(table.destinationHigh(s), table.destinationLow(s),
                table.destinationPort(s)), state, leftMillis, table.method(s), template, table.isSynced(s));
    }

    /** A firewall-mark service has no address: its mark stands in for it, as in /proc/net/ip_vs_conn. */
    private static InetAddress serviceAddress(ServiceKey key) {
        if (!key.isFwmark()) {
            return key.address();
        }
        long low = key.ipv6() ? key.fwmark() : AddressWords.v4Low(key.fwmark());
        return AddressWords.toAddress(0, low);
    }

    private static InetSocketAddress socketAddress(long high, long low, int port) {
        return new InetSocketAddress(AddressWords.toAddress(high, low), port);
    }
}
