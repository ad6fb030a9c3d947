/**
 * Health checking in the daemon: keepalived.conf virtual_server blocks mapped onto the healthcheck module's specs,
 * the health-check event loop that keeps each virtual server's live pool, and its ipvsadm-style listing
 * (keepalived.conf(5) "Virtual server(s)"; https://github.com/acassen/keepalived/blob/master/doc/man/man5/keepalived.conf.5.in).
 */
package io.vigil.director.health;
