package io.vigil.dataplane.linux;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.regex.Pattern;

/**
 * One netdev-ingress drop rule of {@link NftSteering}: frames arriving on {@code interfaceName} with this
 * transport protocol and address:port, either as destination (a virtual service) or as source (NAT replies from
 * a real server). Validated at construction, so nothing user-supplied reaches the nft script unchecked.
 *
 * @param interfaceName where the ingress hook sits: 1–15 characters of {@code [A-Za-z0-9_.-]}
 * @param protocol      TCP or UDP
 * @param address       an IPv4 or IPv6 address without scope
 * @param port          1–65535
 * @param side          whether address:port is matched as destination or as source
 */
public record DropRule(String interfaceName, Protocol protocol, InetAddress address, int port, Side side) {

    private static final Pattern INTERFACE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,15}");

    /** The transport protocols a rule can match, with their nft keyword. */
    public enum Protocol {
        TCP("tcp"), UDP("udp");

        private final String keyword;

        Protocol(String keyword) {
            this.keyword = keyword;
        }

        /** The nft payload keyword ({@code tcp} / {@code udp}). */
        public String keyword() {
            return keyword;
        }
    }

    /** Which end of the flow address:port names. */
    public enum Side {
        DESTINATION, SOURCE
    }

    public DropRule {
        if (interfaceName == null || !INTERFACE_NAME.matcher(interfaceName).matches()
                || interfaceName.equals(".") || interfaceName.equals("..")) {
            throw new IllegalArgumentException("interface name '" + interfaceName
                    + "', expected 1-15 characters of letters, digits, '_', '.', '-'");
        }
        if (protocol == null || side == null) {
            throw new IllegalArgumentException("protocol and side are required (interface " + interfaceName + ")");
        }
        if (address == null) {
            throw new IllegalArgumentException("address is required (interface " + interfaceName + ")");
        }
        if (address instanceof Inet6Address v6 && (v6.getScopeId() != 0 || v6.getScopedInterface() != null)) {
            throw new IllegalArgumentException("address " + address.getHostAddress()
                    + " has a scope, expected an unscoped address (interface " + interfaceName + ")");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + ", expected 1-65535 (interface " + interfaceName
                    + ", address " + address.getHostAddress() + ")");
        }
    }

    /** Drop traffic to {@code address:port} arriving on {@code interfaceName} (a virtual service the dataplane owns). */
    public static DropRule toDestination(String interfaceName, Protocol protocol, InetAddress address, int port) {
        return new DropRule(interfaceName, protocol, address, port, Side.DESTINATION);
    }

    /** Drop traffic from {@code address:port} arriving on {@code interfaceName} (replies the dataplane handles). */
    public static DropRule fromSource(String interfaceName, Protocol protocol, InetAddress address, int port) {
        return new DropRule(interfaceName, protocol, address, port, Side.SOURCE);
    }

    /** The nft match expression, e.g. {@code ip daddr 198.18.0.1 udp dport 53}. */
    String matchExpression() {
        String family = address instanceof Inet6Address ? "ip6" : "ip";
        String addressKey = side == Side.DESTINATION ? "daddr" : "saddr";
        String portKey = side == Side.DESTINATION ? "dport" : "sport";
        return family + " " + addressKey + " " + address.getHostAddress() + " " + protocol.keyword() + " " + portKey + " " + port;
    }
}
