/**
 * The engine: the one place that turns the configuration, VRRP state and the health-checked pools into
 * {@link io.vigil.dataplane.api.Dataplane} commands, as keepalived's check_ipvswrapper.c turns them into IPVS calls.
 */
package io.vigil.director.engine;
