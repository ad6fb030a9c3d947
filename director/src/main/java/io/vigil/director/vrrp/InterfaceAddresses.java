package io.vigil.director.vrrp;

import java.net.InetAddress;
import java.util.Optional;

/** Looks up the address an instance sends from when the file names none: keepalived's interface primary address. */
@FunctionalInterface
public interface InterfaceAddresses {

    /**
     * The primary IPv4 address of {@code interfaceName} (ipv6 false), or its link-local IPv6 address (ipv6 true);
     * empty when the interface has none.
     */
    Optional<InetAddress> primary(String interfaceName, boolean ipv6);
}
