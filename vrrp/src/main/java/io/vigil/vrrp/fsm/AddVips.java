package io.vigil.vrrp.fsm;

import java.net.InetAddress;
import java.util.List;

/** Add the virtual addresses to the interface (becoming MASTER, keepalived.md §2.5 step 2). */
public record AddVips(String instance, List<InetAddress> addresses) implements VrrpAction {

    /** Copies the list. */
    public AddVips {
        addresses = List.copyOf(addresses);
    }
}
