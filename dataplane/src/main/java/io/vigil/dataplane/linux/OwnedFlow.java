package io.vigil.dataplane.linux;

import io.vigil.dataplane.api.Protocol;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Comparator;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A flow the dataplane owns on one device, which {@link NftSteering} keeps away from the kernel with a netdev
 * ingress drop rule (AF_PACKET's ETH_P_ALL tap has already seen the frame): either a virtual service (traffic to
 * VIP:port; port 0 = every port of that VIP and protocol) or, for NAT, a real server's replies (traffic from
 * RIP:rport arriving on the real-server-side device) that are not addressed to the director itself, so the
 * director's own health checks of RIP:rport still get their answers. Validated at construction, so nothing
 * user-supplied reaches the nft script unchecked. Immutable.
 *
 * @param device   where the ingress hook sits: 1–15 characters of {@code [A-Za-z0-9_.-]}
 * @param protocol TCP, UDP or SCTP
 * @param address  the VIP or RIP, IPv4 or IPv6, without scope
 * @param port     the virtual or real port, 0–65535 (0: any port)
 * @param kind     which end of the flow address:port names
 */
public record OwnedFlow(String device, Protocol protocol, InetAddress address, int port, Kind kind) {

    private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9_.-]{1,15}");

    /** The order rules are written in (and counters numbered): by device, kind, address, protocol, port. */
    static final Comparator<OwnedFlow> RULE_ORDER = Comparator.comparing(OwnedFlow::device)
            .thenComparing(OwnedFlow::kind)
            .thenComparing(f -> f.address().getHostAddress())
            .thenComparing(OwnedFlow::protocol)
            .thenComparingInt(OwnedFlow::port);

    /** What the flow is. */
    public enum Kind {
        /** Client traffic to a virtual service: matched on destination VIP:port. */
        SERVICE,
        /** A NAT real server's replies: matched on source RIP:rport, unless addressed to a local address. */
        NAT_REPLY
    }

    public OwnedFlow {
        if (device == null || !DEVICE.matcher(device).matches() || device.equals(".") || device.equals("..")) {
            throw new IllegalArgumentException("interface name '" + device
                    + "', expected 1-15 characters of letters, digits, '_', '.', '-'");
        }
        if (protocol == null || kind == null) {
            throw new IllegalArgumentException("protocol and kind are required (interface " + device + ")");
        }
        if (address == null) {
            throw new IllegalArgumentException("address is required (interface " + device + ")");
        }
        if (address instanceof Inet6Address v6 && (v6.getScopeId() != 0 || v6.getScopedInterface() != null)) {
            throw new IllegalArgumentException("address " + address.getHostAddress()
                    + " has a scope, expected an unscoped address (interface " + device + ")");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + ", expected 0-65535, 0 for any (interface " + device
                    + ", address " + address.getHostAddress() + ")");
        }
    }

    /** Traffic to {@code vip:port} arriving on {@code device}; port 0 = any port of {@code vip} and protocol. */
    public static OwnedFlow service(String device, Protocol protocol, InetAddress vip, int port) {
        return new OwnedFlow(device, protocol, vip, port, Kind.SERVICE);
    }

    /**
     * A NAT real server's replies from {@code rip:rport} arriving on {@code device}, except those addressed to one
     * of the director's own addresses (health-check replies).
     */
    public static OwnedFlow natReplies(String device, Protocol protocol, InetAddress rip, int rport) {
        return new OwnedFlow(device, protocol, rip, rport, Kind.NAT_REPLY);
    }

    /**
     * The nft match, e.g. {@code ip daddr 198.18.0.1 udp dport 53}, {@code ip6 daddr fd00::1 meta l4proto tcp} (any
     * port) or {@code ip saddr 198.18.1.10 tcp sport 80 fib daddr type != local}. The {@code fib} expression works in
     * the netdev family here (kernel 6.18) and sees every local address, VIPs and other devices' addresses included.
     */
    String matchExpression() {
        String family = address instanceof Inet6Address ? "ip6" : "ip";
        String keyword = protocol.name().toLowerCase(Locale.ROOT);
        boolean service = kind == Kind.SERVICE;
        StringBuilder s = new StringBuilder(96).append(family).append(service ? " daddr " : " saddr ")
                .append(address.getHostAddress());
        if (port == 0) {
            s.append(" meta l4proto ").append(keyword);
        } else {
            s.append(' ').append(keyword).append(service ? " dport " : " sport ").append(port);
        }
        if (!service) {
            s.append(" fib daddr type != local");
        }
        return s.toString();
    }
}
