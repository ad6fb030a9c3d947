package io.vigil.dataplane.api;

/** What the connection-sync daemon does now (IPVS's {@code IP_VS_STATE_*}): it follows the configured VRRP instance. */
public enum SyncRole {
    /** No sync daemon configured, or stopped. */
    NONE,
    /** Sends this director's connections to the group (the instance is MASTER). */
    MASTER,
    /** Installs the connections received from the group (the instance is not MASTER). */
    BACKUP
}
