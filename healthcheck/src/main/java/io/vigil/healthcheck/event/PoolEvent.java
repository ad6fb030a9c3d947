package io.vigil.healthcheck.event;

/**
 * A health transition of one virtual server, sent once per transition (never repeated while nothing changes). The
 * pool itself (who is in, at what weight) is always {@link PoolView#entries()}; an event says why it changed.
 */
public sealed interface PoolEvent permits RealServerUp, RealServerDown, WeightChanged, QuorumLost, QuorumGained {

    /** The virtual server's name ({@code VirtualServerSpec.name()}). */
    String virtualServer();
}
