package io.vigil.vrrp.fsm;

import java.net.InetAddress;

/**
 * A master received a lower-priority advert from {@code source}: run {@code notify_master_rx_lower_pri}
 * (keepalived.md §2.7).
 */
public record MasterRxLowerPriority(String instance, InetAddress source, int priority) implements VrrpAction {
}
