/**
 * IPVS's fourteen schedulers (rr wrr lc wlc lblc lblcr dh sh sed nq fo ovf mh twos) over a service's
 * {@link io.vigil.dataplane.forward.Destination}s, with the same choices as
 * <a href="https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/tree/net/netfilter/ipvs">net/netfilter/ipvs/ip_vs_*.c</a>.
 */
package io.vigil.dataplane.forward.schedule;
