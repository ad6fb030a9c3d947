package io.vigil.vrrp.fsm;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A validated advert for this instance's VRID ({@code io.vigil.vrrp.wire.AdvertValidator} accepted it).
 *
 * @param source               the IP source address: the sender's primary address
 * @param priority             0..255
 * @param advertIntervalCentis the interval the advert carries, in centiseconds (v2: seconds × 100)
 */
public record AdvertReceived(InetAddress source, int priority, int advertIntervalCentis) implements VrrpEvent {

    /** Checks ranges. */
    public AdvertReceived {
        Objects.requireNonNull(source, "source");
        if (priority < 0 || priority > 255) {
            throw new IllegalArgumentException("priority " + priority + ", expected 0..255");
        }
    }
}
