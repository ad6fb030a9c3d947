package io.vigil.vrrp.fsm;

/** Leave INIT (RFC 5798 §6.4.1). Deliver the initial tracker states first, as {@link TrackerChanged} events. */
public record Startup() implements VrrpEvent {
}
