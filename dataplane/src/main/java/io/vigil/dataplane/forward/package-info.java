/**
 * The forwarding engine: the connection table, the destinations, the NAT, DR and TUN forwarders and the worker
 * that runs them over a packet port. Behaviour follows IPVS (net/netfilter/ipvs in the Linux kernel); all state
 * here is owned by one worker thread.
 */
package io.vigil.dataplane.forward;
