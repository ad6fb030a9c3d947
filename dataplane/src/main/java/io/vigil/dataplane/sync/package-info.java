/**
 * IPVS connection synchronisation, wire-compatible with the kernel's sync daemon (protocol v1, receiving v0 too):
 * the message codec, the sender that multicasts the master's connections and the receiver that installs them on a
 * backup. Layout and semantics follow net/netfilter/ipvs/ip_vs_sync.c
 * (https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/tree/net/netfilter/ipvs/ip_vs_sync.c).
 */
package io.vigil.dataplane.sync;
