/** VRRP in the daemon: keepalived.conf mapped onto VRRP loop bindings, vrrp_script scheduling, notify scripts and VRRP metrics. */
package io.vigil.director.vrrp;
