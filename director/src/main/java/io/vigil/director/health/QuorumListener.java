package io.vigil.director.health;

/**
 * Told when a virtual server gains or loses its quorum (keepalived's {@code quorum_up} / {@code quorum_down}), and at
 * once with every current state when added. Called on the health-check loop; implementations return quickly.
 */
@FunctionalInterface
public interface QuorumListener {

    /**
     * @param virtualServer the virtual server's name ({@code VirtualServerSpec.name()})
     * @param up            whether it holds its quorum now; false too for a virtual server a reload removed
     */
    void quorumChanged(String virtualServer, boolean up);
}
