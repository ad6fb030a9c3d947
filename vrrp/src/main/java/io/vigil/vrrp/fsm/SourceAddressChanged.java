package io.vigil.vrrp.fsm;

import java.net.InetAddress;
import java.util.Objects;

/**
 * The instance now sends its adverts from another address: its interface got its first usable address after
 * startup, or the primary address changed (keepalived follows the interface's address unless {@code mcast_src_ip}
 * or {@code unicast_src_ip} is set; keepalived.md §1.7). The address takes part in the equal-priority tie-break
 * (RFC 5798 §6.4.3) and is the master address reported while MASTER.
 *
 * @param address the new source address, of the instance's family
 */
public record SourceAddressChanged(InetAddress address) implements VrrpEvent {

    public SourceAddressChanged {
        Objects.requireNonNull(address, "address");
    }
}
