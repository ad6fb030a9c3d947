package io.vigil.director.health;

import io.netty.util.NetUtil;
import io.vigil.director.config.VirtualServer;
import io.vigil.director.config.VirtualServerGroup;
import io.vigil.director.config.VirtualServerGroupEntry;
import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * One service as IPVS would hold it: {@code proto address:port}, or a firewall mark. A virtual_server is one
 * service; a {@code virtual_server group} service is one per address of the group (ranges expanded, both ends
 * included) and one per fwmark entry (keepalived.conf(5) "Virtual server group(s)").
 *
 * @param protocol TCP, UDP or SCTP; {@code FWM} for a firewall-mark service
 * @param address  the virtual address, or null for a fwmark service
 * @param port     the port (0 for a fwmark service)
 * @param fwmark   the mark, or null
 */
public record ServiceAddress(String protocol, InetAddress address, int port, Integer fwmark) {

    /** Addresses a range may expand to; larger ranges are cut there. */
    public static final int MAX_RANGE = 4096;

    /** The services of {@code vs}; {@code groups} resolves {@code group NAME}. */
    public static List<ServiceAddress> of(VirtualServer vs, List<VirtualServerGroup> groups) {
        String proto = vs.protocol().name();
        if (vs.fwmark() != null) {
            return List.of(new ServiceAddress("FWM", null, 0, vs.fwmark()));
        }
        if (vs.group() == null) {
            return List.of(new ServiceAddress(proto, vs.address(), vs.port() == null ? 0 : vs.port(), null));
        }
        List<ServiceAddress> out = new ArrayList<>();
        for (VirtualServerGroup g : groups) {
            if (!g.name().equals(vs.group())) {
                continue;
            }
            for (VirtualServerGroupEntry e : g.entries()) {
                if (e.fwmark() != null) {
                    out.add(new ServiceAddress("FWM", null, 0, e.fwmark()));
                    continue;
                }
                int port = e.port() == null ? 0 : e.port();
                BigInteger first = new BigInteger(1, e.first().getAddress());
                BigInteger last = new BigInteger(1, e.last().getAddress());
                for (BigInteger a = first; a.compareTo(last) <= 0 && out.size() < MAX_RANGE; a = a.add(BigInteger.ONE)) {
                    out.add(new ServiceAddress(proto, fromNumber(a, e.first().getAddress().length), port, null));
                }
            }
        }
        return out;
    }

    /** ipvsadm's form: {@code 198.18.0.10:80}, {@code [2001:db8::1]:80}. */
    public static String format(InetSocketAddress a) {
        return host(a.getAddress()) + ":" + a.getPort();
    }

    /** The address as ipvsadm prints it: dotted quad, or IPv6 (RFC 5952) in brackets. */
    public static String host(InetAddress a) {
        String text = NetUtil.toAddressString(a);
        return a instanceof Inet6Address ? "[" + text + "]" : text;
    }

    /** {@code 198.18.0.10:80}, or the mark for a fwmark service. */
    public String local() {
        return fwmark != null ? Integer.toString(fwmark) : host(address) + ":" + port;
    }

    private static InetAddress fromNumber(BigInteger n, int length) {
        byte[] raw = n.toByteArray();
        byte[] bytes = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, bytes, length - copy, copy);
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("address of " + length + " bytes", e);
        }
    }
}
