package io.vigil.vrrp.fsm;

/** Send one advert now with {@code priority} (0 = this master is stopping, RFC 5798 §6.4.3). */
public record SendAdvert(String instance, int priority) implements VrrpAction {
}
