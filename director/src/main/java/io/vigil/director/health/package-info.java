/**
 * Health checking in the daemon: keepalived.conf virtual_server blocks mapped onto the healthcheck module's specs,
 * the health-check event loop that keeps each virtual server's live pool, its ipvsadm-style listing, and PING_CHECK's
 * kernel ICMP echo (keepalived.conf(5) "Virtual server(s)"; RFC 792, RFC 4443).
 */
package io.vigil.director.health;
