package io.vigil.vrrp.fsm;

/** SIGTERM: a master sends priority 0 and releases its addresses; every instance goes to STOP (keepalived.md §2.8). */
public record Shutdown() implements VrrpEvent {
}
