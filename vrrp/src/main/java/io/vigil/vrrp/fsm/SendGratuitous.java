package io.vigil.vrrp.fsm;

import java.net.InetAddress;
import java.util.List;

/**
 * Send {@code repeat} gratuitous ARPs (IPv4) or unsolicited neighbour advertisements (IPv6) for each address
 * (keepalived.md §2.10).
 */
public record SendGratuitous(String instance, List<InetAddress> addresses, int repeat) implements VrrpAction {

    /** Copies the list. */
    public SendGratuitous {
        addresses = List.copyOf(addresses);
    }
}
