package io.vigil.vrrp.fsm;

import java.net.InetAddress;
import java.util.List;

/** Remove the virtual addresses from the interface (leaving MASTER). */
public record RemoveVips(String instance, List<InetAddress> addresses) implements VrrpAction {

    /** Copies the list. */
    public RemoveVips {
        addresses = List.copyOf(addresses);
    }
}
