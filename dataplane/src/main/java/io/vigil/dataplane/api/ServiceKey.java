package io.vigil.dataplane.api;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * What identifies a virtual service, as IPVS does: protocol, address and port, or a firewall mark and an address
 * family.
 *
 * @param protocol the protocol, or null for a firewall-mark service
 * @param address  the virtual address, or null for a firewall-mark service
 * @param port     the virtual port (0 matches any port: persistent services only)
 * @param fwmark   the mark of a firewall-mark service, else 0
 * @param ipv6     the address family (for a firewall-mark service, the family it was declared for)
 */
public record ServiceKey(Protocol protocol, InetAddress address, int port, int fwmark, boolean ipv6) {

    public ServiceKey {
        if (fwmark == 0) {
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(address, "address");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " out of range 0-65535");
            }
            ipv6 = address instanceof Inet6Address;
        } else if (protocol != null || address != null) {
            throw new IllegalArgumentException("a firewall-mark service has no protocol or address");
        }
    }

    /** A {@code proto address:port} service. */
    public static ServiceKey of(Protocol protocol, InetAddress address, int port) {
        return new ServiceKey(protocol, address, port, 0, address instanceof Inet6Address);
    }

    /** A firewall-mark service. */
    public static ServiceKey fwmark(int mark, boolean ipv6) {
        if (mark <= 0) {
            throw new IllegalArgumentException("fwmark " + mark + " must be positive");
        }
        return new ServiceKey(null, null, 0, mark, ipv6);
    }

    /** Whether this is a firewall-mark service. */
    public boolean isFwmark() {
        return fwmark != 0;
    }
}
