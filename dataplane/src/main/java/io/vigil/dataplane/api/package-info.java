/**
 * The dataplane's boundary: the {@link io.vigil.dataplane.api.Dataplane} verbs that the director calls, and the
 * immutable values they carry (services, real servers, statistics). Modelled on IPVS's objects and counters
 * (ipvsadm(8), linux/ip_vs.h), so that a keepalived.conf maps onto it one to one.
 */
package io.vigil.dataplane.api;
