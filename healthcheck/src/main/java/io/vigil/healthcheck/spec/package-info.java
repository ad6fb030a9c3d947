/** Immutable health-check configuration that the director maps keepalived.conf(5) virtual_server blocks onto. */
package io.vigil.healthcheck.spec;
